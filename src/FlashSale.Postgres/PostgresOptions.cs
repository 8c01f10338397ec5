namespace FlashSale.Postgres;

/// <summary>Bound from <c>FlashSale:Postgres</c>.</summary>
public sealed class PostgresOptions
{
    public const string Section = "FlashSale:Postgres";

    public string ConnectionString { get; set; } =
        "Host=127.0.0.1;Port=5432;Username=flashsale;Password=flashsale;Database=flashsale";
}
