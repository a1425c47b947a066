using Methane.Broker;

namespace Methane.Testing;

/// <summary>The tests' name for <see cref="MosquittoSettings"/> (knobs for a test broker; defaults mirror the IoT policy).</summary>
public sealed class MosquittoOptions : MosquittoSettings
{
}
