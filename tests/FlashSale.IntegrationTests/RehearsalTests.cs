using System.Net;
using FlashSale.Host.Rehearsal;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace FlashSale.IntegrationTests;

/// <summary>The start-up rehearsal: a host sells a small launch to itself before it reports ready, then forgets it.</summary>
public sealed class RehearsalTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await EngineEnvironment.CreateAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_host_rehearses_a_launch_end_to_end_in_rounds_then_leaves_no_sale_order_or_code_behind()
    {
        var host = _env.StartHost(new Dictionary<string, string?>
        {
            ["FlashSale:Rehearsal:Enabled"] = "true",
            ["FlashSale:Rehearsal:Shoppers"] = "60",
            ["FlashSale:Rehearsal:Units"] = "50",
            ["FlashSale:Rehearsal:FcodeHolders"] = "30",
            ["FlashSale:Rehearsal:Waves"] = "2",
            ["FlashSale:Rehearsal:Rounds"] = "2",
        });

        var rounds = await host.Services.GetRequiredService<StartupRehearsal>().Finished.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.NotNull(rounds);
        Assert.Equal(2, rounds.Select(r => r.SaleId).Distinct().Count());
        Assert.All(rounds, r => Assert.Equal((50, 10, 30), (r.Sold, r.SoldOut, r.Redeemed)));
        Assert.True(rounds[0].MethodsCompiled > 0, "The first round runs code this process had not compiled yet.");
        using var client = EngineEnvironment.Client(host);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM fcode_events", null));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        var db = redis.GetDatabase();
        var server = redis.GetServers().Single();
        foreach (var saleId in rounds.Select(r => r.SaleId))
        {
            Assert.Equal(0L, await CountAsync("SELECT count(*) FROM orders WHERE sale_id = $1", saleId));
            Assert.Equal(0L, await CountAsync("SELECT count(*) FROM fcodes WHERE sale_id = $1", saleId));
            Assert.Null(await db.SortedSetScoreAsync($"{_env.KeyPrefix}:sales", saleId));
            // Its keys outlive it briefly, for a relay pass or clock tick already under way, then expire.
            var keys = await server.KeysAsync(pattern: $"{_env.KeyPrefix}:{{{saleId}}}:*").ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(await Task.WhenAll(keys.Select(k => db.KeyTimeToLiveAsync(k))), ttl => Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)));
        }
        // Nor does it leave its codes in the index of every code's sale, which no expiry would ever clear.
        Assert.Equal(0, await db.HashLengthAsync($"{_env.KeyPrefix}:fcode-sales"));
    }

    [Fact]
    public async Task A_host_with_the_rehearsal_disabled_is_ready_without_one()
    {
        var host = _env.StartHost();

        Assert.Null(await host.Services.GetRequiredService<StartupRehearsal>().Finished.WaitAsync(TimeSpan.FromSeconds(30)));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_env.RedisConfiguration);
        Assert.Equal(0, await redis.GetDatabase().SortedSetLengthAsync($"{_env.KeyPrefix}:sales"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://0.0.0.0:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://+:80", "http://127.0.0.1/")]
    [InlineData("http://[::]:5080", "http://[::1]:5080/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    public void The_host_reaches_itself_on_a_loopback_address(string listening, string expected) =>
        Assert.Equal(new Uri(expected), LoopbackAddress.From(["https://127.0.0.1:5443", listening]));

    private async Task<long> CountAsync(string sql, string? saleId)
    {
        await using var command = _env.Orders.CreateCommand(sql);
        if (saleId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = saleId });
        }
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
