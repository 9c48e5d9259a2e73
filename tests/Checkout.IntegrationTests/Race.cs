namespace Checkout.IntegrationTests;

/// <summary>Forces a race: every call is started and waits at one gate, then all are let go at once.</summary>
internal static class Race
{
    public static async Task<T[]> AllAtOnceAsync<T>(IEnumerable<Func<Task<T>>> calls)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = calls.Select(async call =>
        {
            await start.Task;
            return await call();
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(running);
    }
}
