namespace Checkout.Platform.State;

/// <summary>
/// A state record nobody changes once decoded: only init-only properties of immutable types.
/// Reads of the same stored bytes may then share one decoded instance
/// (<see cref="DecodedValues"/>) instead of each decoding the JSON again, and a read after a
/// write gets the very instance written: so its JSON must give back what it holds (no
/// property the serializer leaves out or changes on the way). Unit tests check both of every
/// implementation (<c>ImmutableStateTests</c>).
/// </summary>
public interface IImmutableState;
