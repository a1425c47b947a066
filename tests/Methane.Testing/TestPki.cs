using Methane.Pki;

namespace Methane.Testing;

/// <summary>The tests' name for <see cref="TemporaryPki"/> (a throwaway development PKI in a temp directory).</summary>
public sealed class TestPki : TemporaryPki
{
    private TestPki(string directory) : base(directory)
    {
    }

    /// <summary>Creates a new CA and server certificate under a fresh temp directory.</summary>
    public static new TestPki Create(string label = "pki") => new(NewDirectory(label));
}
