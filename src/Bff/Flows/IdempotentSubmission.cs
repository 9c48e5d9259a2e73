using System.Security.Cryptography;
using System.Text.Json;
using Checkout.Bff.Errors;
using Checkout.Bff.Views;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using CheckoutClient = Checkout.Contracts.Checkout.V1.CheckoutService.CheckoutServiceClient;

namespace Checkout.Bff.Flows;

/// <summary>
/// The <c>Idempotency-Key</c> header around <see cref="SubmitCheckoutFlow"/>: the first
/// request with a key runs and its answer (an order or a business error) is kept for 24
/// hours; a repeat gets the same answer without running again, also when it arrives while
/// the first is still running (it waits for it). The same key with another body is refused.
/// Failures that say nothing about the request (a service down) release the key so a retry
/// can run.
/// </summary>
public sealed class IdempotentSubmission(SubmitCheckoutFlow flow, CheckoutClient checkout, IOptions<BffOptions> options)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<OrderView> SubmitAsync(string customerId, string? key, SubmitCheckoutRequest request, CancellationToken ct)
    {
        if (key is null)
        {
            return (await flow.SubmitAsync(customerId, request, ct)).ToView();
        }

        if (key.Length is 0 or > MaxKeyLength)
        {
            throw RpcErrors.InvalidArgument("idempotencyKey", $"The {HeaderName} header must be 1 to {MaxKeyLength} characters.");
        }

        var claim = new ClaimIdempotencyKeyRequest { CustomerId = customerId, Key = key, RequestHash = Hash(request) };
        // Waiting is real time, not business time: a test's clock must not stall it.
        var waitUntil = DateTimeOffset.UtcNow + options.Value.IdempotencyWait;
        while (true)
        {
            var claimed = await checkout.ClaimIdempotencyKeyAsync(claim, cancellationToken: ct);
            switch (claimed.Outcome)
            {
                case IdempotencyOutcome.Claimed:
                    return await RunAsync(customerId, key, request, ct);
                case IdempotencyOutcome.Completed:
                    return Replay(claimed);
                case IdempotencyOutcome.Mismatch:
                    throw RpcErrors.Create(StatusCode.FailedPrecondition, "IDEMPOTENCY_KEY_REUSED", $"{HeaderName} {key} was already used with a different request body.");
            }

            if (DateTimeOffset.UtcNow >= waitUntil)
            {
                throw RpcErrors.Create(StatusCode.Aborted, "REQUEST_IN_PROGRESS", $"A request with {HeaderName} {key} is still running; retry shortly.");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private async Task<OrderView> RunAsync(string customerId, string key, SubmitCheckoutRequest request, CancellationToken ct)
    {
        OrderView view;
        try
        {
            view = (await flow.SubmitAsync(customerId, request, ct)).ToView();
        }
        catch (RpcException ex) when (IsAnswer(ex.StatusCode))
        {
            var error = new StoredError((int)ex.StatusCode, RpcErrors.ReasonOf(ex) ?? ApiError.DefaultReason(ex.StatusCode), ex.Status.Detail);
            await ResolveAsync(customerId, key, keep: true, StatusOf(ex.StatusCode), JsonSerializer.SerializeToUtf8Bytes(error));
            throw;
        }
        catch
        {
            await ResolveAsync(customerId, key, keep: false, 0, []);
            throw;
        }

        await ResolveAsync(customerId, key, keep: true, StatusCodes.Status201Created, view.ToByteArray());
        return view;
    }

    private static OrderView Replay(ClaimIdempotencyKeyResponse stored)
    {
        if (stored.HttpStatus == StatusCodes.Status201Created)
        {
            return OrderView.Parser.ParseFrom(stored.ResponseBody);
        }

        var error = JsonSerializer.Deserialize<StoredError>(stored.ResponseBody.Span)!;
        throw RpcErrors.Create((StatusCode)error.Code, error.Reason, error.Message);
    }

    // The key's fate must not depend on the client staying connected.
    private Task ResolveAsync(string customerId, string key, bool keep, int status, byte[] body) =>
        checkout.ResolveIdempotencyKeyAsync(new ResolveIdempotencyKeyRequest
        {
            CustomerId = customerId,
            Key = key,
            Keep = keep,
            HttpStatus = status,
            ResponseBody = ByteString.CopyFrom(body),
        }, cancellationToken: CancellationToken.None).ResponseAsync;

    /// <summary>Errors that answer the request itself (replayed); the rest release the key.</summary>
    private static bool IsAnswer(StatusCode code) =>
        code is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.OutOfRange;

    private static int StatusOf(StatusCode code) => code == StatusCode.NotFound ? 404 : 400;

    private static string Hash(SubmitCheckoutRequest request) => Convert.ToHexString(SHA256.HashData(request.ToByteArray()));

    private sealed record StoredError(int Code, string Reason, string Message);
}
