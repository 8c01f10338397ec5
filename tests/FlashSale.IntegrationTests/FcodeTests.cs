using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FlashSale.Fcodes;
using FlashSale.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace FlashSale.IntegrationTests;

/// <summary>F-codes on the real servers: issuing, redeeming, transferring, revoking, guessing.</summary>
public sealed class FcodeTests(EngineFixture engine, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    private EngineEnvironment Env => engine.Environment;
    private FlashSaleApp Host => engine.Host;

    [Fact]
    public async Task Ops_issue_100000_codes_all_distinct_valid_and_recorded_in_postgres()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 10, fcodeStock: 100);

        var watch = Stopwatch.StartNew();
        var codes = await Fcodes.IssueAsync(Env, Host, saleId, new { count = 100_000 });
        output.WriteLine($"issued 100,000 codes over HTTP in {watch.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(100_000, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Equal(FcodeParse.Valid, FcodeFormat.Parse(c, out _)));
        Assert.Equal(100_000L, await CountAsync("SELECT count(*) FROM fcodes WHERE sale_id = $1", saleId));
        Assert.Equal(100_000L, await CountAsync("SELECT count(*) FROM fcode_events e JOIN fcodes f USING (code) WHERE f.sale_id = $1 AND e.kind = 'issued'", saleId));
    }

    [Fact]
    public async Task Ops_issue_10000_codes_to_named_owners_in_one_request()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 10, fcodeStock: 10);
        var owners = Enumerable.Range(0, 10_000).Select(i => $"loyal-fan-with-a-long-account-name-{i}").ToArray();

        var codes = await Fcodes.IssueToAsync(Env, Host, saleId, owners);

        Assert.Equal(10_000, codes.Distinct().Count());
        Assert.Equal(10_000L, await CountAsync("SELECT count(*) FROM fcodes WHERE sale_id = $1 AND owner_id LIKE 'loyal-fan-%'", saleId));
    }

    [Fact]
    public async Task The_same_code_redeemed_by_500_concurrent_requests_yields_exactly_one_order()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 10, fcodeStock: 10);
        var code = (await Fcodes.IssueToAsync(Env, Host, saleId, "fan-1"))[0];
        var token = Env.ShopperToken("fan-1");
        using var client = EngineEnvironment.Client(Host);

        var replies = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Shoppers.BuyAsync(client, saleId, token, "fan-1", $"try-{i}", code)));

        Assert.Single(replies, r => r.Status == HttpStatusCode.Created);
        Assert.Equal(499, replies.Count(r => r.Status == HttpStatusCode.Conflict && r.Code == "fcode_used"));
        var stored = await Env.WaitForOrdersAsync(saleId, 1);
        await Task.Delay(300);
        Assert.Equal(1, (await Env.StoredOrdersAsync(saleId)).Count);
        Assert.Equal(1, stored.Count);
        Assert.Equal(9, (await EngineEnvironment.GetSaleAsync(Host, saleId)).GetProperty("fcodeRemaining").GetInt32());
    }

    [Fact]
    public async Task A_transfer_racing_a_redemption_ends_with_exactly_one_of_them()
    {
        const int races = 40;
        var saleId = await Env.CreateSaleAsync(Host, stock: 10, fcodeStock: races * 2);
        var holders = Enumerable.Range(0, races).Select(i => $"holder-{i}").ToArray();
        var codes = await Fcodes.IssueToAsync(Env, Host, saleId, holders);
        using var client = EngineEnvironment.Client(Host);

        var outcomes = await Task.WhenAll(codes.Select(async (code, i) =>
        {
            var token = Env.ShopperToken(holders[i]);
            var redeem = Shoppers.BuyAsync(client, saleId, token, holders[i], "race", code);
            var transfer = Fcodes.TransferAsync(Host, token, code, $"friend-{i}");
            return (Code: code, Friend: $"friend-{i}", Redeem: await redeem, Transfer: await transfer);
        }));

        foreach (var o in outcomes)
        {
            var redeemed = o.Redeem.Status == HttpStatusCode.Created;
            var transferred = o.Transfer.Status == HttpStatusCode.OK;
            Assert.True(redeemed ^ transferred, $"{o.Code}: redeemed={redeemed} ({o.Redeem.Code}), transferred={transferred} ({o.Transfer.Code})");
            var (_, state) = await Fcodes.GetAsync(Host, Env.OpsToken(), o.Code);
            if (redeemed)
            {
                Assert.Equal((HttpStatusCode.Conflict, "fcode_used"), o.Transfer);
                Assert.Equal("redeemed", state.GetProperty("state").GetString());
            }
            else
            {
                Assert.Equal((HttpStatusCode.Forbidden, "fcode_not_owner"), (o.Redeem.Status, o.Redeem.Code));
                Assert.Equal(o.Friend, state.GetProperty("ownerId").GetString());
                Assert.Equal("active", state.GetProperty("state").GetString());
            }
        }
        output.WriteLine($"{outcomes.Count(o => o.Redeem.Status == HttpStatusCode.Created)} redeemed first, {outcomes.Count(o => o.Transfer.Status == HttpStatusCode.OK)} transferred first");
    }

    [Fact]
    public async Task Redemptions_never_exceed_the_fcode_stock()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5, fcodeStock: 10);
        var holders = Enumerable.Range(0, 40).Select(i => $"crowd-{i}").ToArray();
        var codes = await Fcodes.IssueToAsync(Env, Host, saleId, holders);
        using var client = EngineEnvironment.Client(Host);

        var replies = await Task.WhenAll(codes.Select((code, i) => Shoppers.BuyAsync(client, saleId, Env.ShopperToken(holders[i]), holders[i], "k", code)));

        Assert.Equal(10, replies.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(30, replies.Count(r => r.Code == "fcode_stock_exhausted"));
        var sale = await EngineEnvironment.GetSaleAsync(Host, saleId);
        Assert.Equal(0, sale.GetProperty("fcodeRemaining").GetInt32());
        Assert.Equal(5, sale.GetProperty("remaining").GetInt32());
        Assert.Equal(10, (await Env.WaitForOrdersAsync(saleId, 10)).Count);
        Assert.Equal(10L, await CountAsync("SELECT count(*) FROM orders WHERE sale_id = $1 AND fcode IS NOT NULL", saleId));
    }

    [Fact]
    public async Task Ten_thousand_random_well_formed_codes_are_all_rejected()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5, fcodeStock: 100);
        await Fcodes.IssueAsync(Env, Host, saleId, new { count = 1_000 });
        using var client = EngineEnvironment.Client(Host);
        // 500 guessers, 20 guesses each: the most the throttle lets one shopper make.
        var guesses = Enumerable.Range(0, 10_000).Select(i => (Shopper: $"guesser-{i % 500}", Code: FcodeFormat.Display(FcodeFormat.Generate()))).ToArray();
        var tokens = Enumerable.Range(0, 500).ToDictionary(i => $"guesser-{i}", i => Env.ShopperToken($"guesser-{i}"));

        var replies = await Task.WhenAll(guesses.Select((g, i) => Shoppers.BuyAsync(client, saleId, tokens[g.Shopper], g.Shopper, $"guess-{i}", g.Code)));

        Assert.All(replies, r => Assert.Equal((HttpStatusCode.BadRequest, "fcode_invalid"), (r.Status, r.Code)));
        Assert.Equal(100, (await EngineEnvironment.GetSaleAsync(Host, saleId)).GetProperty("fcodeRemaining").GetInt32());
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM fcodes WHERE sale_id = $1 AND state <> 'active'", saleId));
    }

    [Fact]
    public async Task Brute_force_is_throttled_per_shopper()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5, fcodeStock: 5);
        var token = Env.ShopperToken("brute");
        using var client = EngineEnvironment.Client(Host);

        var replies = new List<PurchaseReply>();
        for (var i = 0; i < 25; i++)
        {
            replies.Add(await Shoppers.BuyAsync(client, saleId, token, "brute", $"g-{i}", FcodeFormat.Generate()));
        }
        var bystander = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("bystander"), "bystander", "g", FcodeFormat.Generate());

        Assert.All(replies.Take(20), r => Assert.Equal("fcode_invalid", r.Code));
        Assert.All(replies.Skip(20), r => Assert.Equal((HttpStatusCode.TooManyRequests, "too_many_attempts"), (r.Status, r.Code)));
        Assert.Equal("fcode_invalid", bystander.Code);
    }

    [Fact]
    public async Task A_holder_transfers_a_code_the_friend_redeems_it_and_the_history_tells_it_all()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5, fcodeStock: 5);
        var code = (await Fcodes.IssueToAsync(Env, Host, saleId, "mi-fan"))[0];
        var fan = Env.ShopperToken("mi-fan");
        var friend = Env.ShopperToken("friend");
        using var client = EngineEnvironment.Client(Host);

        Assert.Equal((HttpStatusCode.OK, null), await Fcodes.TransferAsync(Host, fan, code, "friend"));
        Assert.Equal((HttpStatusCode.Forbidden, "fcode_not_owner"), await Fcodes.TransferAsync(Host, fan, code, "someone-else"));
        var oldOwnerTries = await Shoppers.BuyAsync(client, saleId, fan, "mi-fan", "k", code);
        Assert.Equal((HttpStatusCode.Forbidden, "fcode_not_owner"), (oldOwnerTries.Status, oldOwnerTries.Code));
        var bought = await Shoppers.BuyAsync(client, saleId, friend, "friend", "k", code);
        Assert.Equal(HttpStatusCode.Created, bought.Status);
        Assert.Equal((HttpStatusCode.Conflict, "fcode_used"), await Fcodes.TransferAsync(Host, friend, code, "mi-fan"));

        Assert.Equal(HttpStatusCode.NotFound, (await Fcodes.GetAsync(Host, fan, code)).Status);
        var history = await WaitForHistoryAsync(friend, code, events: 3);
        Assert.Equal(["issued", "transferred", "redeemed"], history.Select(h => h.GetProperty("kind").GetString()));
        Assert.Equal("mi-fan", history[1].GetProperty("fromOwner").GetString());
        Assert.Equal("friend", history[1].GetProperty("toOwner").GetString());
        Assert.Equal(bought.OrderId, history[2].GetProperty("orderId").GetString());
        var (_, now) = await Fcodes.GetAsync(Host, Env.OpsToken(), code);
        Assert.Equal("redeemed", now.GetProperty("state").GetString());
        Assert.Equal(bought.OrderId, now.GetProperty("orderId").GetString());
        using var friendClient = EngineEnvironment.Client(Host, friend);
        var order = JsonDocument.Parse(await friendClient.GetStringAsync($"/api/v1/orders/{bought.OrderId}")).RootElement;
        Assert.Equal(code, order.GetProperty("fcode").GetString());
    }

    [Fact]
    public async Task A_code_Redis_cannot_place_in_a_sale_is_found_through_PostgreSQL()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5, fcodeStock: 5);
        var code = (await Fcodes.IssueToAsync(Env, Host, saleId, "early-fan"))[0];
        Assert.Equal(FcodeParse.Valid, FcodeFormat.Parse(code, out var normalized));
        // As a code issued by a build before Redis kept each code's sale would be.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Env.RedisConfiguration))
        {
            Assert.True(await redis.GetDatabase().HashDeleteAsync($"{Env.KeyPrefix}:fcode-sales", normalized));
        }

        Assert.Equal((HttpStatusCode.OK, null), await Fcodes.TransferAsync(Host, Env.ShopperToken("early-fan"), code, "friend"));
        var (status, body) = await Fcodes.GetAsync(Host, Env.ShopperToken("friend"), code);
        Assert.Equal((HttpStatusCode.OK, saleId, "friend"), (status, body.GetProperty("saleId").GetString(), body.GetProperty("ownerId").GetString()));
    }

    [Fact]
    public async Task The_host_indexes_the_codes_of_earlier_builds_once_at_start()
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Env.RedisConfiguration);
        var marker = $"{Env.KeyPrefix}:fcode-sales:backfilled";
        var waited = Stopwatch.StartNew();
        while (!await redis.GetDatabase().KeyExistsAsync(marker) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
        Assert.True(await redis.GetDatabase().KeyExistsAsync(marker), $"{marker} was not set within 30 s of the host's start.");
    }

    [Fact]
    public async Task A_revoked_code_can_be_neither_redeemed_nor_transferred_and_only_ops_revoke()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5, fcodeStock: 5);
        var code = (await Fcodes.IssueToAsync(Env, Host, saleId, "scalper"))[0];
        var scalper = Env.ShopperToken("scalper");
        using var client = EngineEnvironment.Client(Host);

        Assert.Equal(HttpStatusCode.Forbidden, (await Fcodes.PostAsync(Host, scalper, $"/api/v1/fcodes/{code}/revoke")).Status);
        Assert.Equal((HttpStatusCode.OK, null), await Fcodes.PostAsync(Host, Env.OpsToken(), $"/api/v1/fcodes/{code}/revoke"));

        var redeem = await Shoppers.BuyAsync(client, saleId, scalper, "scalper", "k", code);
        Assert.Equal((HttpStatusCode.Conflict, "fcode_revoked"), (redeem.Status, redeem.Code));
        Assert.Equal((HttpStatusCode.Conflict, "fcode_revoked"), await Fcodes.TransferAsync(Host, Env.OpsToken(), code, "someone"));
        var history = await WaitForHistoryAsync(Env.OpsToken(), code, events: 2);
        Assert.Equal("revoked", history[1].GetProperty("kind").GetString());
        Assert.Equal("ops-tester", history[1].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task An_expired_code_can_be_neither_redeemed_nor_transferred()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5, fcodeStock: 5);
        var code = (await Fcodes.IssueAsync(Env, Host, saleId, new { ownerIds = (string[])["late-fan"], expiresAt = DateTimeOffset.UtcNow.AddSeconds(1) }))[0];
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var token = Env.ShopperToken("late-fan");
        using var client = EngineEnvironment.Client(Host);

        var redeem = await Shoppers.BuyAsync(client, saleId, token, "late-fan", "k", code);

        Assert.Equal((HttpStatusCode.Conflict, "fcode_expired"), (redeem.Status, redeem.Code));
        Assert.Equal((HttpStatusCode.Conflict, "fcode_expired"), await Fcodes.TransferAsync(Host, token, code, "friend"));
        Assert.Equal("expired", (await Fcodes.GetAsync(Host, token, code)).Body.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Ops_release_unused_fcode_stock_into_a_sold_out_general_pool()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 1, fcodeStock: 5);
        var codes = await Fcodes.IssueToAsync(Env, Host, saleId, "f-0", "f-1", "f-2");
        using var client = EngineEnvironment.Client(Host);
        Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("early"), "early", "k")).Status);
        Assert.Equal("sold_out", (await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("late"), "late", "k")).Code);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(client, saleId, Env.ShopperToken($"f-{i}"), $"f-{i}", "k", codes[i])).Status);
        }

        using var ops = EngineEnvironment.Client(Host, Env.OpsToken());
        using var release = await ops.PostAsync($"/api/v1/sales/{saleId}/fcode-stock/release", null);
        var released = JsonDocument.Parse(await release.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal(3, released.GetProperty("moved").GetInt32());
        Assert.Equal(3, released.GetProperty("sale").GetProperty("remaining").GetInt32());
        Assert.Equal(0, released.GetProperty("sale").GetProperty("fcodeRemaining").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("late"), "late", "k2")).Status);
        var third = await Shoppers.BuyAsync(client, saleId, Env.ShopperToken("f-2"), "f-2", "k", codes[2]);
        Assert.Equal("fcode_stock_exhausted", third.Code);
    }

    [Fact]
    public async Task A_shopper_lists_their_own_codes_and_not_someone_elses()
    {
        var saleId = await Env.CreateSaleAsync(Host, stock: 5, fcodeStock: 5);
        var codes = await Fcodes.IssueToAsync(Env, Host, saleId, "collector", "collector", "other");
        using var collector = EngineEnvironment.Client(Host, Env.ShopperToken("collector"));

        var mine = JsonDocument.Parse(await collector.GetStringAsync("/api/v1/fcodes")).RootElement;
        using var theirs = await collector.GetAsync("/api/v1/fcodes?ownerId=other");

        Assert.Equal(codes.Take(2).Order(), mine.EnumerateArray().Select(c => c.GetProperty("code").GetString()).Order());
        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
    }

    private Task<JsonElement[]> WaitForHistoryAsync(string token, string code, int events) =>
        Waiting.ReadUntilAsync(async () =>
        {
            var (_, body) = await Fcodes.GetAsync(Host, token, code);
            return (JsonElement[])[.. body.GetProperty("history").EnumerateArray()];
        }, history => history.Length >= events);

    private async Task<long> CountAsync(string sql, string saleId)
    {
        await using var command = Env.Orders.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = saleId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
