namespace Methane.Firmware.Core.Ota
{
    /// <summary>
    /// The application image an OTA slot holds: the assemblies the resident loader loads, in load order, in one file, so
    /// that the job document's one size and one SHA-256 cover all of them. It exists because nanoFramework's metadata
    /// processor limits an assembly's byte code to 65,535 bytes: the core is its own assembly, the application another.
    /// Layout (integers little-endian):
    /// <code>
    ///   0   "MAI1"                   magic: Methane application image, version 1
    ///   4   u8 N                     assemblies, 1..MaxAssemblies
    ///   5   N × { u32 length,        bytes of the assembly, 1..MaxAssemblyBytes
    ///             u8 name length,    1..MaxNameBytes
    ///             name }             the assembly name: ASCII letters, digits, '.', '_', '-'
    ///   H   the N assemblies         nanoFramework .pe files, contiguous, in the order above; the file ends after the last
    /// </code>
    /// Parsing needs only the first <see cref="MaxHeaderBytes"/> bytes, so the loader reads each assembly straight from
    /// the slot into an array of its exact size.
    /// </summary>
    public sealed class ApplicationImage
    {
        public const int MaxAssemblies = 4;
        public const int MaxNameBytes = 64;
        public const int MaxAssemblyBytes = 1024 * 1024;
        public const int FixedHeaderBytes = 5;
        public const int EntryFixedBytes = 5;
        public const int MaxHeaderBytes = FixedHeaderBytes + MaxAssemblies * (EntryFixedBytes + MaxNameBytes);

        /// <summary>The first bytes of every nanoFramework assembly (.pe): "NFMRK1".</summary>
        public static readonly byte[] AssemblyMarker = new byte[] { 0x4E, 0x46, 0x4D, 0x52, 0x4B, 0x31 };

        private static readonly byte[] Magic = new byte[] { 0x4D, 0x41, 0x49, 0x31 };

        private readonly int[] _offsets = new int[MaxAssemblies];
        private readonly int[] _lengths = new int[MaxAssemblies];
        private readonly int[] _nameStarts = new int[MaxAssemblies];
        private readonly int[] _nameLengths = new int[MaxAssemblies];
        private int _count;
        private int _headerLength;

        /// <summary>Assemblies in the image after a successful <see cref="Parse"/>.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Bytes before the first assembly.</summary>
        public int HeaderLength
        {
            get { return _headerLength; }
        }

        /// <summary>Offset of assembly <paramref name="index"/> from the start of the image.</summary>
        public int Offset(int index)
        {
            return _offsets[index];
        }

        public int Length(int index)
        {
            return _lengths[index];
        }

        /// <summary>Where assembly <paramref name="index"/>'s name starts in the header buffer given to <see cref="Parse"/>.</summary>
        public int NameStart(int index)
        {
            return _nameStarts[index];
        }

        public int NameLength(int index)
        {
            return _nameLengths[index];
        }

        /// <summary>
        /// Reads the header from the first <paramref name="headerBytes"/> bytes of an image of <paramref name="imageLength"/>
        /// bytes (give min(image length, <see cref="MaxHeaderBytes"/>)). On any error <see cref="Count"/> is 0.
        /// </summary>
        public ApplicationImageError Parse(byte[] header, int headerBytes, long imageLength)
        {
            _count = 0;
            _headerLength = 0;
            if (header == null || headerBytes < 0 || headerBytes > header.Length || imageLength < headerBytes)
            {
                return ApplicationImageError.TooShort;
            }

            if (headerBytes < FixedHeaderBytes)
            {
                return ApplicationImageError.TooShort;
            }

            for (int i = 0; i < Magic.Length; i++)
            {
                if (header[i] != Magic[i])
                {
                    return ApplicationImageError.BadMagic;
                }
            }

            int count = header[4];
            if (count < 1 || count > MaxAssemblies)
            {
                return ApplicationImageError.BadCount;
            }

            int at = FixedHeaderBytes;
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                if (at + EntryFixedBytes > headerBytes)
                {
                    return ApplicationImageError.TooShort;
                }

                long length = (long)header[at] | ((long)header[at + 1] << 8) | ((long)header[at + 2] << 16) | ((long)header[at + 3] << 24);
                int nameLength = header[at + 4];
                if (length < AssemblyMarker.Length || length > MaxAssemblyBytes)
                {
                    return ApplicationImageError.BadLength;
                }

                if (nameLength < 1 || nameLength > MaxNameBytes)
                {
                    return ApplicationImageError.BadName;
                }

                at += EntryFixedBytes;
                if (at + nameLength > headerBytes)
                {
                    return ApplicationImageError.TooShort;
                }

                for (int k = 0; k < nameLength; k++)
                {
                    if (!IsNameByte(header[at + k]))
                    {
                        return ApplicationImageError.BadName;
                    }
                }

                _lengths[i] = (int)length;
                _nameStarts[i] = at;
                _nameLengths[i] = nameLength;
                total += length;
                at += nameLength;
            }

            if (at + total != imageLength)
            {
                return ApplicationImageError.LengthMismatch;
            }

            int offset = at;
            for (int i = 0; i < count; i++)
            {
                _offsets[i] = offset;
                offset += _lengths[i];
            }

            _headerLength = at;
            _count = count;
            return ApplicationImageError.None;
        }

        /// <summary>True when <paramref name="assembly"/> starts with nanoFramework's assembly marker.</summary>
        public static bool IsAssembly(byte[] assembly)
        {
            if (assembly == null || assembly.Length < AssemblyMarker.Length)
            {
                return false;
            }

            for (int i = 0; i < AssemblyMarker.Length; i++)
            {
                if (assembly[i] != AssemblyMarker[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsNameByte(byte b)
        {
            return (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9')
                || b == (byte)'.' || b == (byte)'_' || b == (byte)'-';
        }
    }
}
