using Checkout.Platform.Errors;
using Checkout.Platform.Hosting;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Checkout.UnitTests.Platform;

/// <summary>The one mapping from what a service throws to what a gRPC client receives.</summary>
public sealed class ErrorMappingTests
{
    private readonly RecordingLogger _log = new();

    private Task<RpcException> Answer(Exception thrown) =>
        Assert.ThrowsAsync<RpcException>(() => new ErrorMappingInterceptor(new ServiceIdentity("cart"), _log).UnaryServerHandler<string, string>("request", new TestCallContext(), (_, _) => throw thrown));

    /// <summary>Keeps what was logged, to see that an unexpected failure is logged and a refusal is not.</summary>
    private sealed class RecordingLogger : ILogger<ErrorMappingInterceptor>
    {
        public List<(LogLevel Level, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => Entries.Add((logLevel, exception));
    }

    [Fact]
    public async Task A_refusal_keeps_its_code_and_reason_and_names_its_service()
    {
        var error = await Answer(DomainErrors.FailedPrecondition("CART_FULL", "A cart holds at most 100 different items."));

        Assert.Equal((StatusCode.FailedPrecondition, "A cart holds at most 100 different items."), (error.StatusCode, error.Status.Detail));
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal(("CART_FULL", RpcErrors.Domain, "cart"), (info.Reason, info.Domain, info.Metadata["service"]));
        Assert.Null(error.GetRpcStatus()!.GetDetail<BadRequest>());
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task A_bad_field_is_named_in_bad_request()
    {
        var error = await Answer(DomainErrors.InvalidArgument("warehouseId", "warehouseId is required."));

        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(("warehouseId", "warehouseId is required."), (violation.Field, violation.Description));
        Assert.Equal(("INVALID_WAREHOUSE_ID", "warehouseId"), (RpcErrors.ReasonOf(error), RpcErrors.FieldOf(error)));
    }

    [Fact]
    public async Task A_status_without_details_gets_the_default_reason_of_its_code()
    {
        var error = await Answer(new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "Error connecting to subchannel.")));

        Assert.Equal((StatusCode.Unavailable, "SERVICE_UNAVAILABLE"), (error.StatusCode, RpcErrors.ReasonOf(error)));
    }

    [Fact]
    public async Task A_downstream_error_passed_on_keeps_its_reason_and_its_service()
    {
        var downstream = RpcErrors.Create(Code.FailedPrecondition, "OUT_OF_STOCK", "Out of stock.", "inventory");

        var error = await Answer(downstream);

        Assert.Equal(("OUT_OF_STOCK", "inventory"), (RpcErrors.ReasonOf(error), error.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["service"]));
    }

    [Fact]
    public async Task An_unexpected_exception_is_internal_and_says_nothing_of_itself()
    {
        var error = await Answer(new InvalidOperationException("connection string Password=secret"));

        Assert.Equal((StatusCode.Internal, "INTERNAL", "An unexpected error occurred."), (error.StatusCode, RpcErrors.ReasonOf(error), error.Status.Detail));
        var logged = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task Every_text_is_bounded_in_the_message_and_in_the_details()
    {
        var huge = new string('x', 70_000);

        var refused = await Answer(DomainErrors.InvalidArgument("productId", $"No product {huge}."));
        var passedOn = await Answer(new RpcException(new Grpc.Core.Status(StatusCode.NotFound, huge)));

        foreach (var error in new[] { refused, passedOn })
        {
            Assert.Equal(RpcErrors.MaxTextLength + 1, error.Status.Detail.Length);
            Assert.Equal(RpcErrors.MaxTextLength + 1, error.GetRpcStatus()!.Message.Length);
        }

        Assert.Equal(RpcErrors.MaxTextLength + 1, refused.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations[0].Description.Length);
    }
}
