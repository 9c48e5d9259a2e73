namespace Checkout.Platform.Hosting;

/// <summary>Which app this process (or this app inside the standalone process) is.</summary>
public sealed record ServiceIdentity(string AppId);
