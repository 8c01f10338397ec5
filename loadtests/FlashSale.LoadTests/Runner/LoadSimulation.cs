namespace FlashSale.LoadTests.Runner;

/// <summary>
/// How scenario copies start, as in NBomber. Inject and RampingInject are open-model: arrivals keep their
/// schedule whatever the latency, as a launch crowd does. KeepConstant is closed-model: a fixed number of
/// copies, each starting again as soon as it finishes.
/// </summary>
public abstract record LoadSimulation(TimeSpan During);

/// <summary><paramref name="Rate"/> new copies every <paramref name="Interval"/>, spread evenly.</summary>
public sealed record Inject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During);

/// <summary>The rate moves linearly from the previous simulation's rate (0 at first) to <paramref name="Rate"/>.</summary>
public sealed record RampingInject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During);

/// <summary><paramref name="Copies"/> copies running back to back for the duration.</summary>
public sealed record KeepConstant(int Copies, TimeSpan During) : LoadSimulation(During);

/// <summary>Copies start at the given offsets (sorted): a recorded launch replayed as it happened.</summary>
public sealed record Recorded(IReadOnlyList<TimeSpan> At) : LoadSimulation(At.Count == 0 ? TimeSpan.Zero : At[^1]);
