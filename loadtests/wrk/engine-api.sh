# Sourced by the wrk-driven load scripts (quick-buy.sh, side-by-side.sh) from the repository's root: the CLI that
# mints tokens, and the two engine calls those scripts make around a wrk run.
dotnet build src/FlashSale.Cli -c Release -v q -nologo >/dev/null
cli() { dotnet src/FlashSale.Cli/bin/Release/net10.0/flashsale.dll "$@"; }

# Opens a sale of STOCK units at API, on sale from a minute ago for an hour, one unit a shopper, paid at once;
# prints its id.
open_sale() { # API OPS_TOKEN SKU NAME STOCK
  local body
  body=$(printf '{"sku":"%s","name":"%s","stock":%d,"fcodeStock":0,"perShopperLimit":1,"startsAt":"%s","endsAt":"%s","paymentWindowSeconds":0}' \
    "$3" "$4" "$5" "$(date -u -d '-1 min' +%FT%TZ)" "$(date -u -d '+1 hour' +%FT%TZ)")
  curl -sf -X POST "$1/api/v1/sales" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$body" |
    grep -o '"saleId":"[0-9a-f]*"' | cut -d'"' -f4
}

sold_units() { # API SALE
  curl -sf "$1/api/v1/sales/$2" | grep -o '"sold":[0-9]*' | cut -d: -f2
}
