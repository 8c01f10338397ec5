namespace FlashSale.LoadTests.Scenarios;

/// <summary>A property every run must keep; a violated one makes the run exit non-zero.</summary>
public sealed record Invariant(string Name, bool Holds, string Detail);
