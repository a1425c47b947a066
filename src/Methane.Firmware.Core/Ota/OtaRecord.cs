using Methane.Firmware.Core.Integrity;

namespace Methane.Firmware.Core.Ota
{
    /// <summary>
    /// The persisted OTA state, serialized into a fixed-layout, CRC-32-protected byte record:
    /// "MOTA", format 1, generation (u32 BE), state, active slot, trial slot, boot count, error, 2 reserved,
    /// image size (i64 BE), sha256 (32), jobId (len + ASCII), version (len + ASCII), CRC-32 (BE) of all preceding bytes.
    /// </summary>
    internal sealed class OtaRecord
    {
        public const int MaxJobIdLength = 64;
        public const int MaxVersionLength = 32;
        public const int MaxSize = 56 + 1 + MaxJobIdLength + 1 + MaxVersionLength + 4;
        private const byte FormatVersion = 1;

        public uint Generation;
        public OtaState State;
        public int ActiveSlot;
        public int TrialSlot;
        public int BootCount;
        public OtaError Error;
        public long ImageSize;
        public readonly byte[] Sha256 = new byte[32];
        public string JobId;
        public string Version;

        public void CopyFrom(OtaRecord other)
        {
            Generation = other.Generation;
            State = other.State;
            ActiveSlot = other.ActiveSlot;
            TrialSlot = other.TrialSlot;
            BootCount = other.BootCount;
            Error = other.Error;
            ImageSize = other.ImageSize;
            System.Array.Copy(other.Sha256, Sha256, 32);
            JobId = other.JobId;
            Version = other.Version;
        }

        public void Reset()
        {
            Generation = 0;
            State = OtaState.Idle;
            ActiveSlot = 0;
            TrialSlot = 1;
            BootCount = 0;
            Error = OtaError.None;
            ImageSize = 0;
            System.Array.Clear(Sha256, 0, 32);
            JobId = null;
            Version = null;
        }

        public static bool IsStorableText(string s, int maxLength)
        {
            if (s == null)
            {
                return true;
            }
            if (s.Length > maxLength)
            {
                return false;
            }
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] < 0x20 || s[i] > 0x7E)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Writes the record into <paramref name="buffer"/> (at least <see cref="MaxSize"/> bytes); returns its length.</summary>
        public int Serialize(byte[] buffer)
        {
            buffer[0] = (byte)'M';
            buffer[1] = (byte)'O';
            buffer[2] = (byte)'T';
            buffer[3] = (byte)'A';
            buffer[4] = FormatVersion;
            WriteU32(buffer, 5, Generation);
            buffer[9] = (byte)State;
            buffer[10] = (byte)ActiveSlot;
            buffer[11] = (byte)TrialSlot;
            buffer[12] = (byte)BootCount;
            buffer[13] = (byte)Error;
            buffer[14] = 0;
            buffer[15] = 0;
            WriteU32(buffer, 16, (uint)(ImageSize >> 32));
            WriteU32(buffer, 20, (uint)ImageSize);
            System.Array.Copy(Sha256, 0, buffer, 24, 32);
            int p = WriteText(buffer, 56, JobId);
            p = WriteText(buffer, p, Version);
            WriteU32(buffer, p, Crc32.Compute(buffer, 0, p));
            return p + 4;
        }

        /// <summary>Parses and checks a stored record; false (and this record unchanged) when it is torn, foreign or corrupt.</summary>
        public bool TryDeserialize(byte[] buffer, int length)
        {
            if (length < 56 + 2 + 4 || length > MaxSize || buffer[0] != 'M' || buffer[1] != 'O' || buffer[2] != 'T'
                || buffer[3] != 'A' || buffer[4] != FormatVersion)
            {
                return false;
            }
            if (ReadU32(buffer, length - 4) != Crc32.Compute(buffer, 0, length - 4))
            {
                return false;
            }
            int jobIdLength = buffer[56];
            int versionAt = 57 + jobIdLength;
            if (versionAt >= length - 4)
            {
                return false;
            }
            int versionLength = buffer[versionAt];
            if (versionAt + 1 + versionLength != length - 4 || jobIdLength > MaxJobIdLength || versionLength > MaxVersionLength)
            {
                return false;
            }
            int state = buffer[9];
            if (state > (int)OtaState.Failed || buffer[10] > 1 || buffer[11] > 1 || buffer[13] > (int)OtaError.Aborted)
            {
                return false;
            }

            Generation = ReadU32(buffer, 5);
            State = (OtaState)state;
            ActiveSlot = buffer[10];
            TrialSlot = buffer[11];
            BootCount = buffer[12];
            Error = (OtaError)buffer[13];
            ImageSize = ((long)ReadU32(buffer, 16) << 32) | ReadU32(buffer, 20);
            System.Array.Copy(buffer, 24, Sha256, 0, 32);
            JobId = ReadText(buffer, 56);
            Version = ReadText(buffer, versionAt);
            return true;
        }

        private static int WriteText(byte[] buffer, int at, string s)
        {
            int n = s == null ? 0 : s.Length;
            buffer[at] = (byte)n;
            for (int i = 0; i < n; i++)
            {
                buffer[at + 1 + i] = (byte)s[i];
            }
            return at + 1 + n;
        }

        private static string ReadText(byte[] buffer, int at)
        {
            int n = buffer[at];
            if (n == 0)
            {
                return null;
            }
            var chars = new char[n];
            for (int i = 0; i < n; i++)
            {
                chars[i] = (char)buffer[at + 1 + i];
            }
            return new string(chars);
        }

        private static void WriteU32(byte[] b, int at, uint v)
        {
            b[at] = (byte)(v >> 24);
            b[at + 1] = (byte)(v >> 16);
            b[at + 2] = (byte)(v >> 8);
            b[at + 3] = (byte)v;
        }

        private static uint ReadU32(byte[] b, int at)
        {
            return ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3];
        }
    }
}
