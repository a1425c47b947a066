namespace Methane.Firmware.Core.Connectivity
{
    /// <summary>Marsaglia xorshift32: tiny, seeded, reproducible; good enough for jitter (not for cryptography).</summary>
    public sealed class XorShiftRandom
    {
        private uint _state;

        public XorShiftRandom(uint seed)
        {
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        public uint NextUInt32()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>Uniform-ish integer in [0, <paramref name="maxInclusive"/>] (bias below 2^-20 for bounds under 2^43).</summary>
        public long NextInclusive(long maxInclusive)
        {
            if (maxInclusive <= 0) return 0;
            ulong wide = ((ulong)NextUInt32() << 32) | NextUInt32();
            return (long)(wide % ((ulong)maxInclusive + 1));
        }
    }
}
