using Checkout.Platform.State;

namespace Checkout.Checkouts;

/// <summary>
/// Where a submission is (key <c>submission:{orderId}</c>), written before each step it
/// guards, so after a crash of any process the submission is resumed from here or undone
/// (<see cref="SubmissionRecovery"/>). The record, not whoever runs the saga, decides: a
/// move between stages is a write under the record's ETag, so a submission is carried
/// forward or backward by one actor only.
/// </summary>
public sealed record SubmissionRecord(
    string OrderId,
    string SessionId,
    string CustomerId,
    string? IdempotencyKey,
    byte[] Request,
    SubmissionStage Stage,
    StoredError? Error,
    byte[]? Order,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt)
{
    public static string Key(string orderId) => $"submission:{orderId}";

    public bool Ended => Stage is SubmissionStage.Completed or SubmissionStage.Failed;

    /// <summary>Until when a reviewer may approve a payment held for review (<see cref="Contracts.Limits.SubmissionHolds.ReviewWindow"/> from the start).</summary>
    public DateTimeOffset ReviewBy => StartedAt + Contracts.Limits.SubmissionHolds.ReviewWindow;

    /// <summary>
    /// Whether recovery should carry the submission on: a live step has not moved it for
    /// <paramref name="grace"/>; a payment held for review waits for its reviewer until the
    /// review window closes (<see cref="Contracts.Limits.SubmissionHolds.ReviewWindow"/>).
    /// </summary>
    public bool Stalled(DateTimeOffset now, TimeSpan grace) => Stage switch
    {
        SubmissionStage.Completed or SubmissionStage.Failed => false,
        SubmissionStage.Held => now >= ReviewBy,
        _ => now - UpdatedAt >= grace,
    };
}

public enum SubmissionStage
{
    /// <summary>Stock, limits and the order may be taken; nothing is charged.</summary>
    Started,

    /// <summary>The charge may have been asked for: only Payment's record says how it ended.</summary>
    Charging,

    /// <summary>Paid: from here the submission only goes forward, to a confirmed order.</summary>
    Paid,

    /// <summary>Being undone (stock, limits, order), with <see cref="SubmissionRecord.Error"/> as the answer.</summary>
    Abandoning,

    /// <summary>The order is confirmed; <see cref="SubmissionRecord.Order"/> is the answer.</summary>
    Completed,

    /// <summary>Undone; <see cref="SubmissionRecord.Error"/> is the answer, and the session is open again.</summary>
    Failed,

    /// <summary>
    /// The payment is held for a fraud review: nothing is charged, stock and limits stay held,
    /// the order is PAYMENT_REVIEW (<see cref="SubmissionRecord.Order"/>, the client's answer).
    /// A reviewer's approval goes on to Charging, a rejection (or the review window closing)
    /// to Abandoning.
    /// </summary>
    Held,
}

/// <summary>An error a submission ended with; <paramref name="IsAnswer"/>: about the request itself, so an idempotency key replays it.</summary>
public sealed record StoredError(int Code, string Reason, string Message, bool IsAnswer) : IImmutableState;
