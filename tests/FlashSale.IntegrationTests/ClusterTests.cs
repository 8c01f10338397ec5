using System.Net;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.IntegrationTests;

/// <summary>Two hosts, one Orleans cluster (Redis membership), one sale: never oversold.</summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private EngineEnvironment _env = null!;
    private FlashSaleApp _first = null!;
    private FlashSaleApp _second = null!;

    public async Task InitializeAsync()
    {
        _env = await EngineEnvironment.CreateAsync();
        var redisClustering = new Dictionary<string, string?> { ["FlashSale:Orleans:Clustering"] = "Redis" };
        _first = _env.StartHost(redisClustering);
        _second = _env.StartHost(redisClustering);
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Two_hosts_in_one_cluster_selling_one_sale_never_oversell()
    {
        await WaitUntilBothSilosAreActiveAsync();
        var saleId = await _env.CreateSaleAsync(_first, stock: 300);
        var shoppers = Enumerable.Range(0, 1_200).Select(i => $"cluster-shopper-{i}").ToArray();
        var tokens = shoppers.Select(_env.ShopperToken).ToArray();
        using var toFirst = EngineEnvironment.Client(_first);
        using var toSecond = EngineEnvironment.Client(_second);
        Task<PurchaseReply> Buy(HttpClient client, int i) => Shoppers.BuyAsync(client, saleId, tokens[i], shoppers[i], "k");

        // Only one host holds the grain's activation; the other's calls cross the silo link. A first wave
        // through the second host alone makes sure both hosts sell, then both race for what is left.
        var secondOnly = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Buy(toSecond, i)));
        var raced = await Task.WhenAll(Enumerable.Range(100, 1_100).Select(i => Buy(i % 2 == 0 ? toFirst : toSecond, i)));

        Assert.All(secondOnly, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        var replies = secondOnly.Concat(raced).ToList();
        var winners = replies.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.Equal(300, winners.Count);
        Assert.Equal(900, replies.Count(r => r.Code == "sold_out"));
        var stored = await _env.WaitForOrdersAsync(saleId, 300);
        Assert.Equal(300, stored.Count);
        Assert.Equal(300, stored.DistinctShoppers);
        Assert.Equal(0, (await EngineEnvironment.GetSaleAsync(_second, saleId)).GetProperty("remaining").GetInt32());
    }

    private async Task WaitUntilBothSilosAreActiveAsync()
    {
        var management = _first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Waiting.UntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count >= 2,
            "The two hosts forming one cluster", TimeSpan.FromSeconds(60));
    }
}
