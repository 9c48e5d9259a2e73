using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Checkout.Bff.Validation;

/// <summary>Applies <see cref="FieldLimits"/> to every request before any flow sees it.</summary>
public sealed class FieldLimitsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is IMessage message)
        {
            FieldLimits.Check(message);
        }

        return continuation(request, context);
    }
}
