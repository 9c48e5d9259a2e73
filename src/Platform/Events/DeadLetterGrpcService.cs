using Checkout.Contracts.DeadLetters.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Checkout.Platform.Events;

/// <summary>checkout.deadletters.v1: lists and replays the dead letters of the service it runs in.</summary>
public sealed class DeadLetterGrpcService(DeadLetterStore deadLetters) : DeadLetterService.DeadLetterServiceBase
{
    public override async Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context)
    {
        var response = new ListDeadLettersResponse();
        response.DeadLetters.AddRange((await deadLetters.ListAsync(context.CancellationToken)).Select(ToProto));
        return response;
    }

    public override async Task<ReplayDeadLetterResponse> ReplayDeadLetter(ReplayDeadLetterRequest request, ServerCallContext context)
    {
        var topic = Errors.DomainErrors.Required(request.Topic, "topic");
        var eventId = Errors.DomainErrors.Required(request.EventId, "eventId");
        return new ReplayDeadLetterResponse { Replayed = ToProto(await deadLetters.ReplayAsync(topic, eventId, context.CancellationToken)) };
    }

    private static DeadLetter ToProto(DeadLetterRecord record) => new()
    {
        EventId = record.Event.Id,
        Topic = record.Topic,
        EventType = record.Event.Type,
        Source = record.Event.Source,
        Error = record.Error,
        DeadLetteredAt = Timestamp.FromDateTimeOffset(record.DeadLetteredAt),
        CloudEventJson = System.Text.Json.JsonSerializer.Serialize(record.Event, State.JsonStateExtensions.Options),
    };
}
