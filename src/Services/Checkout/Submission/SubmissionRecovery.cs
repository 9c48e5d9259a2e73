using Microsoft.Extensions.Options;

namespace Checkout.Checkouts;

/// <summary>
/// The one recovery mechanism for submissions: every <see cref="RecoveryOptions.Interval"/>
/// it looks at the submissions not yet ended, and carries on each one whose record has not
/// moved for <see cref="RecoveryOptions.Grace"/> (its process died, or lost a service it
/// needed): undone if nothing was charged, finished if it was paid, settled by Payment's
/// answer if the charge was under way, released if its payment waited for a fraud review
/// past the review window (<see cref="SubmissionSaga.ResumeAsync"/>).
/// </summary>
public sealed class SubmissionRecovery(SubmissionStore submissions, SubmissionSaga saga, TimeProvider clock, IOptions<RecoveryOptions> options, ILogger<SubmissionRecovery> logger) : BackgroundService
{
    /// <summary>One pass; returns how many submissions it carried on.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var resumed = 0;
        foreach (var orderId in await submissions.OpenAsync(cancellationToken))
        {
            var record = await submissions.GetAsync(orderId, cancellationToken);
            if (record is null || !record.Stalled(clock.GetUtcNow(), options.Value.Grace))
            {
                continue;
            }

            try
            {
                logger.LogWarning("Submission {OrderId} stopped at {Stage}; carrying it on", orderId, record.Stage);
                await saga.ResumeAsync(record, cancellationToken);
                resumed++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A service it needs is still down: the next pass tries again.
                logger.LogWarning(ex, "Submission {OrderId} could not be carried on yet", orderId);
            }
        }

        return resumed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecoverAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Submission recovery pass failed; trying again later");
            }

            try
            {
                // Real time on purpose: the pace of the sweep is plumbing, not business time.
                await Task.Delay(options.Value.Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Settings of <see cref="SubmissionRecovery"/> (section <c>Checkout:Recovery</c>).</summary>
public sealed class RecoveryOptions
{
    public const string Section = "Checkout:Recovery";

    /// <summary>How long a submission's record may stand still before recovery takes it over; longer than any live step takes.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
