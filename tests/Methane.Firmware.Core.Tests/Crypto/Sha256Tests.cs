using System.Text;
using Methane.Firmware.Core.Crypto;
using Xunit;

namespace Methane.Firmware.Core.Tests.Crypto;

public sealed class Sha256Tests
{
    private static string Hash(byte[] data)
    {
        var sha = new Sha256();
        sha.Update(data, 0, data.Length);
        var digest = new byte[32];
        sha.Final(digest);
        return Convert.ToHexString(digest).ToLowerInvariant();
    }

    // Expected digests: FIPS 180-4 examples (NIST "SHA256.pdf" / "SHA2_Additional.pdf") and the CAVP short/long message
    // vectors; the values are the published ones, not computed by this code.
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Nist_vectors(string message, string expectedHex)
    {
        Assert.Equal(expectedHex, Hash(Encoding.ASCII.GetBytes(message)));
    }

    [Fact]
    public void Nist_one_million_a_fed_in_uneven_pieces()
    {
        var chunk = new byte[997]; // prime-sized pieces cross every block boundary position
        Array.Fill(chunk, (byte)'a');
        var sha = new Sha256();
        int left = 1_000_000;
        while (left > 0)
        {
            int n = Math.Min(left, chunk.Length);
            sha.Update(chunk, 0, n);
            left -= n;
        }
        var digest = new byte[32];
        sha.Final(digest);
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexString(digest).ToLowerInvariant());
    }

    [Fact]
    public void Cavp_single_byte_vector()
    {
        // SHA256ShortMsg.rsp, Len = 8, Msg = d3
        Assert.Equal("28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1", Hash(new byte[] { 0xd3 }));
    }

    [Fact]
    public void Padding_boundaries_match_the_platform()
    {
        // Lengths around the 55/56-byte padding split and the block size exercise both padding paths.
        var rng = new Random(1);
        foreach (int len in new[] { 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129 })
        {
            var data = new byte[len];
            rng.NextBytes(data);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant(), Hash(data));
        }
    }

    [Fact]
    public void Random_data_in_random_chunks_matches_the_platform_and_instance_is_reusable()
    {
        var rng = new Random(20261127);
        var sha = new Sha256();
        var digest = new byte[40];
        for (int round = 0; round < 300; round++)
        {
            var data = new byte[rng.Next(0, 5000)];
            rng.NextBytes(data);
            int pos = 0;
            while (pos < data.Length)
            {
                int n = rng.Next(0, Math.Min(200, data.Length - pos) + 1);
                sha.Update(data, pos, n);
                pos += n;
            }
            Assert.Equal(data.Length, sha.Length);
            int outOffset = rng.Next(0, 9);
            sha.Final(digest, outOffset);
            var expected = System.Security.Cryptography.SHA256.HashData(data);
            Assert.Equal(expected, digest.AsSpan(outOffset, 32).ToArray());
        }
    }

    [Fact]
    public void Steady_state_allocates_nothing()
    {
        var sha = new Sha256();
        var data = new byte[1000];
        var digest = new byte[32];
        sha.Update(data, 0, data.Length);
        sha.Final(digest);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            sha.Update(data, 0, 333);
            sha.Update(data, 333, 667);
            sha.Final(digest);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Rejects_bad_ranges()
    {
        var sha = new Sha256();
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(new byte[4], 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[31]));
    }
}
