namespace Methane.Integration.Tests.Adversarial;

/// <summary>The two local brokers the adversarial suite attacks with the same attempts.</summary>
public static class BrokerKind
{
    public const string Embedded = "embedded";
    public const string Mosquitto = "mosquitto";
}
