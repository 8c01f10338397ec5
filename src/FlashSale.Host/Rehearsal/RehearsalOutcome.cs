namespace FlashSale.Host.Rehearsal;

/// <summary>
/// What one round of the start-up rehearsal did: its sale (forgotten since), the answers it got, how long it took, and how
/// many methods the runtime compiled meanwhile (<see cref="System.Runtime.JitInfo.GetCompiledMethodCount"/>).
/// </summary>
public sealed record RehearsalOutcome(string SaleId, int Sold, int SoldOut, int Redeemed, TimeSpan Took, long MethodsCompiled);
