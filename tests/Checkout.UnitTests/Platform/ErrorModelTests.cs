using Checkout.Platform.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Checkout.UnitTests.Platform;

/// <summary>The pieces of the one error mapping: factories, reasons, details, bounds.</summary>
public sealed class ErrorModelTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_required_value_names_its_field(string value)
    {
        var error = Assert.Throws<DomainException>(() => DomainErrors.Required(value, "warehouseId"));

        Assert.Equal((Code.InvalidArgument, "INVALID_WAREHOUSE_ID", "warehouseId", "warehouseId is required."), (error.Code, error.Reason, error.Field, error.Message));
    }

    [Fact]
    public void A_present_required_value_is_returned_as_it_is() => Assert.Equal(" US-WEST-01", DomainErrors.Required(" US-WEST-01", "warehouseId"));

    [Theory]
    [InlineData("PageSize", "PAGE_SIZE")]
    [InlineData("shippingAddress.zipCode", "SHIPPING_ADDRESS.ZIP_CODE")]
    [InlineData("x", "X")]
    public void A_field_becomes_an_upper_snake_reason_without_a_leading_underscore(string field, string reason) =>
        Assert.Equal(reason, DomainErrors.ToReason(field));

    [Theory]
    [InlineData(StatusCode.InvalidArgument, "INVALID_REQUEST")]
    [InlineData(StatusCode.OutOfRange, "INVALID_REQUEST")]
    [InlineData(StatusCode.FailedPrecondition, "FAILED_PRECONDITION")]
    [InlineData(StatusCode.NotFound, "NOT_FOUND")]
    [InlineData(StatusCode.AlreadyExists, "CONFLICT")]
    [InlineData(StatusCode.Aborted, "CONFLICT")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    [InlineData(StatusCode.PermissionDenied, "FORBIDDEN")]
    [InlineData(StatusCode.ResourceExhausted, "RESOURCE_EXHAUSTED")]
    [InlineData(StatusCode.Unimplemented, "NOT_IMPLEMENTED")]
    [InlineData(StatusCode.Unavailable, "SERVICE_UNAVAILABLE")]
    [InlineData(StatusCode.DeadlineExceeded, "TIMEOUT")]
    [InlineData(StatusCode.Cancelled, "CANCELLED")]
    [InlineData(StatusCode.Internal, "INTERNAL")]
    [InlineData(StatusCode.DataLoss, "INTERNAL")]
    public void A_status_without_a_reason_gets_its_codes_default(StatusCode code, string reason)
    {
        Assert.Equal(reason, RpcErrors.DefaultReason(code));
        Assert.Equal(reason, Failure.Of(new RpcException(new Grpc.Core.Status(code, "m")))!.Reason);
    }

    [Fact]
    public void A_replayed_refusal_says_so_in_its_error_info_and_a_new_one_does_not()
    {
        var replayed = RpcErrors.ToRpcException(new DomainException(Code.FailedPrecondition, "PAYMENT_DECLINED", "Declined.") { Replayed = true }, "checkout");
        var fresh = RpcErrors.ToRpcException(new DomainException(Code.FailedPrecondition, "PAYMENT_DECLINED", "Declined."), "checkout");

        Assert.Equal("true", replayed.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata[RpcErrors.ReplayedKey]);
        Assert.True(RpcErrors.IsReplayed(replayed));
        Assert.False(fresh.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata.ContainsKey(RpcErrors.ReplayedKey));
        Assert.False(RpcErrors.IsReplayed(fresh));
        Assert.False(RpcErrors.IsReplayed(new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "down"))));
    }

    [Fact]
    public void A_bad_request_without_violations_names_no_field()
    {
        var status = new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = "bad" };
        status.Details.Add(Any.Pack(new BadRequest()));

        Assert.Null(RpcErrors.FieldOf(status.ToRpcException()));
    }

    [Fact]
    public void A_text_of_the_limit_is_kept_whole_and_one_longer_is_cut()
    {
        var limit = new string('x', RpcErrors.MaxTextLength);

        Assert.Same(limit, RpcErrors.Bound(limit));
        Assert.Equal(limit + "…", RpcErrors.Bound(limit + "y"));
    }

    [Fact]
    public void A_refusal_and_a_failed_call_are_described_alike()
    {
        var refusal = Failure.Of(DomainErrors.Aborted("SESSION_BUSY", "Busy."));
        var call = Failure.Of(RpcErrors.Create(Code.NotFound, "ORDER_NOT_FOUND", "No order.", "order"));

        Assert.Equal(new Failure(Code.Aborted, "SESSION_BUSY", "Busy."), refusal);
        Assert.Equal(new Failure(Code.NotFound, "ORDER_NOT_FOUND", "No order."), call);
        Assert.Null(Failure.Of(new InvalidOperationException("neither")));
    }
}
