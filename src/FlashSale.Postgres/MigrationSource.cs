using System.Reflection;

namespace FlashSale.Postgres;

/// <summary>
/// An assembly whose embedded <c>*.Migrations.*.sql</c> scripts belong to the schema. Scripts run in the order
/// of their file names across all sources, so names start with a number that is unique in the solution.
/// </summary>
public sealed record MigrationSource(Assembly Assembly);
