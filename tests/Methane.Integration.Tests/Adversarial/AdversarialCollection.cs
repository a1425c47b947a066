using Xunit;

namespace Methane.Integration.Tests.Adversarial;

/// <summary>The adversarial classes run one after the other (storms and floods would skew each other's figures).</summary>
[CollectionDefinition("adversarial brokers")]
public sealed class AdversarialCollection
{
}
