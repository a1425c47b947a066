namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// A validated job document, filled by <see cref="JobDocumentValidator"/> into buffers allocated once. Text fields are
    /// kept as ASCII bytes; <see cref="UrlToString"/> and <see cref="VersionToString"/> allocate (once per job, when it starts).
    /// </summary>
    public sealed class JobDocument
    {
        /// <summary>AWS IoT's job document limit.</summary>
        public const int MaxDocumentBytes = 32768;
        /// <summary>Presigned S3 URLs with a session token stay well below this.</summary>
        public const int MaxUrlBytes = 2048;

        public JobOperation Operation;
        public readonly SemVer Version = new SemVer();
        public readonly byte[] VersionText = new byte[SemVer.MaxLength];
        public int VersionLength;
        public readonly byte[] Url = new byte[MaxUrlBytes];
        public int UrlLength;
        public long Size;
        public readonly byte[] Sha256 = new byte[32];
        public bool Force;
        /// <summary>For <see cref="JobOperation.Config"/>: where the raw "config" object lies in the validated buffer.</summary>
        public int ConfigOffset;
        public int ConfigLength;

        public void Clear()
        {
            Operation = JobOperation.None;
            VersionLength = 0;
            UrlLength = 0;
            Size = 0;
            System.Array.Clear(Sha256, 0, Sha256.Length);
            Force = false;
            ConfigOffset = 0;
            ConfigLength = 0;
        }

        public string UrlToString()
        {
            return Ascii(Url, UrlLength);
        }

        public string VersionToString()
        {
            return Ascii(VersionText, VersionLength);
        }

        private static string Ascii(byte[] bytes, int length)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)bytes[i];
            }
            return new string(chars);
        }
    }
}
