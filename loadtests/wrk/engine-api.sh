# Sourced by the wrk-driven load scripts (quick-buy.sh, side-by-side.sh) from the repository's root: the CLI that
# mints tokens, and the engine calls those scripts make around a wrk run.
dotnet build src/FlashSale.Cli -c Release -v q -nologo >/dev/null
cli() { dotnet src/FlashSale.Cli/bin/Release/net10.0/flashsale.dll "$@"; }

# Opens a sale of STOCK units (and FCODE_STOCK more for F-code holders) at API, on sale from a minute ago for an
# hour, one unit a shopper, paid at once; prints its id.
open_sale() { # API OPS_TOKEN SKU NAME STOCK [FCODE_STOCK]
  local body
  body=$(printf '{"sku":"%s","name":"%s","stock":%d,"fcodeStock":%d,"perShopperLimit":1,"startsAt":"%s","endsAt":"%s","paymentWindowSeconds":0}' \
    "$3" "$4" "$5" "${6:-0}" "$(date -u -d '-1 min' +%FT%TZ)" "$(date -u -d '+1 hour' +%FT%TZ)")
  curl -sf -X POST "$1/api/v1/sales" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$body" |
    grep -o '"saleId":"[0-9a-f]*"' | cut -d'"' -f4
}

sold_units() { # API SALE
  curl -sf "$1/api/v1/sales/$2" | grep -o '"sold":[0-9]*' | cut -d: -f2
}

# Issues COUNT bearer F-codes (no owner: whoever holds one may redeem it) of SALE, at most 100,000 a request, and
# prints them one a line.
issue_codes() { # API OPS_TOKEN SALE COUNT
  local left=$4 n
  while (( left > 0 )); do
    n=$(( left < 100000 ? left : 100000 ))
    curl -sf -X POST "$1/api/v1/sales/$3/fcodes" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
      -d "{\"count\":$n}" | grep -o '"code":"[^"]*"' | cut -d'"' -f4
    left=$(( left - n ))
  done
}

redeemed_codes() { # API SALE
  local sale
  sale=$(curl -sf "$1/api/v1/sales/$2")
  echo $(( $(grep -o '"fcodeStock":[0-9]*' <<<"$sale" | cut -d: -f2) - $(grep -o '"fcodeRemaining":[0-9]*' <<<"$sale" | cut -d: -f2) ))
}
