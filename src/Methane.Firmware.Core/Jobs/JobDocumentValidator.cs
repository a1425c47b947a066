using Methane.Firmware.Core.Json;

namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// Checks a custom job document (UTF-8 JSON object, at most 32 KB) before anything acts on it:
    /// <c>operation</c> ∈ ota | reboot | config; for ota a SemVer <c>version</c> newer than the running firmware (unless
    /// <c>force: true</c>), an https <c>url</c>, a <c>size</c> &gt; 0 that fits the image slot, a 64-hex-digit <c>sha256</c>;
    /// for config a <c>config</c> object. Unknown members are ignored. A failure gives one <see cref="Reason"/> that starts with
    /// the field it concerns, for the job's REJECTED statusDetails. Allocation-free; never throws on input.
    /// </summary>
    public sealed class JobDocumentValidator
    {
        public const int MaxDepth = 16;

        // The members a document may have; each has its reader below (ReadField).
        private const int Operation = 0, Version = 1, Url = 2, Size = 3, Sha256 = 4, Force = 5, Config = 6;
        private static readonly string[] FieldNames = { "operation", "version", "url", "size", "sha256", "force", "config" };
        /// <summary>What an ota document needs, in the order a missing one is reported.</summary>
        private static readonly int[] OtaRequired = { Version, Url, Size, Sha256 };

        private readonly JsonReader _reader = new JsonReader(MaxDepth);
        private readonly JsonFieldTable _fields = new JsonFieldTable(FieldNames);
        private readonly SemVer _running = new SemVer();
        private readonly byte[] _hex = new byte[64];
        private readonly long _slotCapacity;
        private string _reason;

        /// <param name="runningVersion">This firmware's SemVer; an ota job must be newer unless forced.</param>
        /// <param name="slotCapacity">Bytes an image slot holds (<see cref="Ota.IImageStore.SlotCapacity"/>).</param>
        public JobDocumentValidator(string runningVersion, long slotCapacity)
        {
            if (!_running.TryParse(runningVersion))
            {
                throw new System.ArgumentException("running version is not SemVer", "runningVersion");
            }
            _slotCapacity = slotCapacity;
        }

        /// <summary>Why the last <see cref="Validate"/> failed ("field: problem"); null after success.</summary>
        public string Reason
        {
            get { return _reason; }
        }

        public SemVer RunningVersion
        {
            get { return _running; }
        }

        public bool Validate(byte[] buffer, int offset, int count, JobDocument document)
        {
            return Validate(buffer, offset, count, document, false);
        }

        /// <param name="anyVersion">Skip the newer-than-running check (a job resumed after its image was applied).</param>
        public bool Validate(byte[] buffer, int offset, int count, JobDocument document, bool anyVersion)
        {
            document.Clear();
            _reason = null;
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                return Reject("document: missing");
            }
            if (count > JobDocument.MaxDocumentBytes)
            {
                return Reject("document: larger than 32768 bytes");
            }

            JsonReader r = _reader;
            r.Reset(buffer, offset, count);
            if (!r.Read())
            {
                return Reject("document: not valid JSON");
            }
            if (r.TokenType != JsonTokenType.StartObject)
            {
                return Reject("document: not a JSON object");
            }

            JsonFieldTable fields = _fields;
            fields.Reset();
            string fieldError = null;
            string operationError = null;
            // Scan the whole document first so invalid JSON anywhere is reported as such, whatever the field errors.
            while (r.Read())
            {
                if (r.TokenType == JsonTokenType.EndObject && r.Depth == 0)
                {
                    break;
                }
                // Depth 1 property name.
                int field = fields.Find(r);
                if (field < 0)
                {
                    if (!r.Skip())
                    {
                        break;
                    }
                    continue;
                }
                string duplicate = fields.MarkSeen(field) ? fields.Duplicate(field) : null;
                if (!r.Read())
                {
                    break;
                }
                // A value the reader cannot skip ends the scan at the next Read: the checks below report invalid JSON.
                string error = ReadField(field, r, document);
                if (field == Operation)
                {
                    operationError = First(First(operationError, duplicate), error);
                }
                else
                {
                    fieldError = First(First(fieldError, duplicate), error);
                }
            }
            if (r.TokenType != JsonTokenType.EndObject || r.Depth != 0)
            {
                return Reject(r.Error == JsonError.DepthExceeded ? "document: nested too deeply" : "document: not valid JSON");
            }
            if (r.Read() || r.TokenType != JsonTokenType.EndOfDocument)
            {
                return Reject("document: not valid JSON");
            }

            if (!fields.Seen(Operation))
            {
                return Reject(fields.Missing(Operation));
            }
            if (operationError != null)
            {
                return Reject(operationError);
            }
            if (document.Operation == JobOperation.Ota)
            {
                for (int i = 0; fieldError == null && i < OtaRequired.Length; i++)
                {
                    if (!fields.Seen(OtaRequired[i])) fieldError = fields.Missing(OtaRequired[i]);
                }
                if (fieldError == null && !document.Force && !anyVersion && SemVer.Compare(document.Version, _running) <= 0)
                {
                    fieldError = "version: not newer than the running firmware (set force: true to allow)";
                }
            }
            else if (document.Operation == JobOperation.Config)
            {
                if (fieldError == null && !fields.Seen(Config))
                {
                    fieldError = fields.Missing(Config);
                }
            }
            if (fieldError != null)
            {
                return Reject(fieldError);
            }
            return true;
        }

        /// <summary>Reads the value of field <paramref name="field"/> into the document; the problem, or null.</summary>
        private string ReadField(int field, JsonReader r, JobDocument document)
        {
            switch (field)
            {
                case Operation: return ReadOperation(r, document);
                case Version: return ReadVersion(r, document);
                case Url: return ReadUrl(r, document);
                case Size: return ReadSize(r, document);
                case Sha256: return ReadSha256(r, document);
                case Force: return ReadForce(r, document);
                default: return ReadConfig(r, document);
            }
        }

        private static string ReadForce(JsonReader r, JobDocument document)
        {
            if (r.TokenType == JsonTokenType.True || r.TokenType == JsonTokenType.False)
            {
                document.Force = r.TokenType == JsonTokenType.True;
                return null;
            }
            r.Skip();
            return "force: not a boolean";
        }

        private static string ReadConfig(JsonReader r, JobDocument document)
        {
            if (r.TokenType != JsonTokenType.StartObject)
            {
                r.Skip();
                return "config: not an object";
            }
            int start = r.TokenStart;
            if (r.Skip())
            {
                document.ConfigOffset = start;
                document.ConfigLength = r.TokenStart + 1 - start;
            }
            return null;
        }

        private static string ReadOperation(JsonReader r, JobDocument document)
        {
            if (r.TokenType != JsonTokenType.String)
            {
                return r.Skip() ? "operation: not a string" : null;
            }
            if (r.ValueEquals("ota"))
            {
                document.Operation = JobOperation.Ota;
            }
            else if (r.ValueEquals("reboot"))
            {
                document.Operation = JobOperation.Reboot;
            }
            else if (r.ValueEquals("config"))
            {
                document.Operation = JobOperation.Config;
            }
            else
            {
                return "operation: unknown (expected ota, reboot or config)";
            }
            return null;
        }

        private static string ReadVersion(JsonReader r, JobDocument document)
        {
            if (r.TokenType != JsonTokenType.String)
            {
                return r.Skip() ? "version: not a string" : null;
            }
            int n = r.CopyString(document.VersionText, 0, document.VersionText.Length);
            if (n <= 0 || !document.Version.TryParse(document.VersionText, 0, n))
            {
                return "version: not a semantic version (MAJOR.MINOR.PATCH, at most 32 characters)";
            }
            document.VersionLength = n;
            return null;
        }

        private static string ReadUrl(JsonReader r, JobDocument document)
        {
            if (r.TokenType != JsonTokenType.String)
            {
                return r.Skip() ? "url: not a string" : null;
            }
            int n = r.CopyString(document.Url, 0, document.Url.Length);
            if (n < 0)
            {
                return "url: longer than 2048 bytes";
            }
            byte[] u = document.Url;
            const string scheme = "https://";
            if (n < scheme.Length)
            {
                return "url: not https";
            }
            for (int i = 0; i < scheme.Length; i++)
            {
                int c = u[i];
                if (c >= 'A' && c <= 'Z')
                {
                    c += 'a' - 'A';
                }
                if (c != scheme[i])
                {
                    return "url: not https";
                }
            }
            int hostEnd = scheme.Length;
            while (hostEnd < n && u[hostEnd] != (byte)'/' && u[hostEnd] != (byte)'?' && u[hostEnd] != (byte)'#')
            {
                if (u[hostEnd] == (byte)'@')
                {
                    return "url: credentials are not allowed";
                }
                hostEnd++;
            }
            if (hostEnd == scheme.Length)
            {
                return "url: no host";
            }
            for (int i = scheme.Length; i < n; i++)
            {
                byte c = u[i];
                if (c <= 0x20 || c >= 0x7F || c == (byte)'"' || c == (byte)'<' || c == (byte)'>' || c == (byte)'\\'
                    || c == (byte)'^' || c == (byte)'`' || c == (byte)'{' || c == (byte)'|' || c == (byte)'}')
                {
                    return "url: invalid character";
                }
            }
            document.UrlLength = n;
            return null;
        }

        private string ReadSize(JsonReader r, JobDocument document)
        {
            long size;
            if (r.TokenType != JsonTokenType.Number)
            {
                return r.Skip() ? "size: not a number" : null;
            }
            if (!r.TryGetInt64(out size))
            {
                return "size: not an integer";
            }
            if (size <= 0)
            {
                return "size: must be greater than 0";
            }
            if (size > _slotCapacity)
            {
                return "size: larger than the image slot";
            }
            document.Size = size;
            return null;
        }

        private string ReadSha256(JsonReader r, JobDocument document)
        {
            if (r.TokenType != JsonTokenType.String)
            {
                return r.Skip() ? "sha256: not a string" : null;
            }
            int n = r.CopyString(_hex, 0, _hex.Length);
            if (n != 64)
            {
                return "sha256: not 64 hex digits";
            }
            for (int i = 0; i < 32; i++)
            {
                int hi = HexValue(_hex[2 * i]);
                int lo = HexValue(_hex[2 * i + 1]);
                if (hi < 0 || lo < 0)
                {
                    return "sha256: not 64 hex digits";
                }
                document.Sha256[i] = (byte)((hi << 4) | lo);
            }
            return null;
        }

        private static int HexValue(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9')
            {
                return c - '0';
            }
            if (c >= (byte)'a' && c <= (byte)'f')
            {
                return c - 'a' + 10;
            }
            if (c >= (byte)'A' && c <= (byte)'F')
            {
                return c - 'A' + 10;
            }
            return -1;
        }

        private static string First(string current, string candidate)
        {
            return current ?? candidate;
        }

        private bool Reject(string reason)
        {
            _reason = reason;
            return false;
        }
    }
}
