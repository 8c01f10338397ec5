using System.Reflection;

namespace FlashSale.Stock;

/// <summary>
/// The Lua scripts shipped as embedded resources (see <c>Scripts/*.lua</c>), each with <c>lib.lua</c>'s shared
/// helpers in front: Redis scripts cannot include one another.
/// </summary>
internal static class LuaScripts
{
    public static readonly RedisScript CreateSale = Load("create_sale.lua");
    public static readonly RedisScript Purchase = Load("purchase.lua");
    public static readonly RedisScript Snapshot = Load("snapshot.lua");
    public static readonly RedisScript FcodeChange = Load("fcode_change.lua");
    public static readonly RedisScript FcodePurchase = Load("fcode_purchase.lua");
    public static readonly RedisScript ReleaseFcodeStock = Load("release_fcode_stock.lua");
    public static readonly RedisScript CountFailure = Load("count_failure.lua");
    public static readonly RedisScript Register = Load("register.lua");
    public static readonly RedisScript Pay = Load("pay.lua");
    public static readonly RedisScript Lapse = Load("lapse.lua");
    public static readonly RedisScript AdvanceSession = Load("advance_session.lua");
    public static readonly RedisScript RetireSale = Load("retire_sale.lua");
    public static readonly RedisScript OutboxTimes = Load("outbox_times.lua");

    private static RedisScript Load(string name) => new(string.Concat(Read("lib.lua"), "\n", Read(name)));

    private static string Read(string name)
    {
        var assembly = typeof(LuaScripts).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
