using Methane.Testing;

namespace Methane.Integration.Tests;

/// <summary>One PKI and one Mosquitto shared by the tests of a class that do not stop the broker.</summary>
public sealed class BrokerFixture : IDisposable
{
    private readonly Lazy<MosquittoBroker> _broker;

    public BrokerFixture()
    {
        Pki = TestPki.Create("it");
        // Lazy: a skipped test class (no mosquitto) must not fail in its fixture.
        _broker = new Lazy<MosquittoBroker>(() => MosquittoBroker.Start(Pki), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public TestPki Pki { get; }

    public MosquittoBroker Broker => _broker.Value;

    public void Dispose()
    {
        if (_broker.IsValueCreated) _broker.Value.Dispose();
        Pki.Dispose();
    }
}
