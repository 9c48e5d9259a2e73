namespace Checkout.Platform.State;

/// <summary>
/// A state record nobody changes once decoded: only init-only properties of immutable types
/// (a unit test checks every implementation). Reads of the same stored bytes may then share
/// one decoded instance (<see cref="DecodedValues"/>) instead of each decoding the JSON again.
/// </summary>
public interface IImmutableState;
