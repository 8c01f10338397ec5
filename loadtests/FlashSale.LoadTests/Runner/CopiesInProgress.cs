namespace FlashSale.LoadTests.Runner;

/// <summary>
/// Counts a scenario's open-model copies still running, so the runner can await them all without keeping a task
/// per copy: a million finished tasks would stay reachable until the run ends.
/// </summary>
internal sealed class CopiesInProgress
{
    private readonly TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Starts at one for the dispatcher itself, released by AllFinishedAsync once no more copies will start.
    private long _running = 1;

    public void Started() => Interlocked.Increment(ref _running);

    public void Finished()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _allFinished.SetResult();
        }
    }

    public Task AllFinishedAsync()
    {
        Finished();
        return _allFinished.Task;
    }
}
