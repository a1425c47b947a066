using Methane.Firmware.Core.Json;

namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// The parts of an AWS IoT Jobs reply or notification the client needs (start-next/accepted, notify-next,
    /// update/accepted, any …/rejected ErrorResponse), as positions in the payload. Parsed without allocation.
    /// </summary>
    internal sealed class JobsReply
    {
        private readonly byte[] _number = new byte[20];

        public bool HasToken;
        public int TokenStart;
        public int TokenLength;
        public JobsErrorCode Code;

        public bool HasExecution;
        public int JobIdStart;
        public int JobIdLength;
        public JobExecutionStatus Status;
        public long VersionNumber = -1;
        /// <summary>Where the job document lies: in the payload (an object) or in the document buffer (a JSON string, unescaped).</summary>
        public bool HasDocument;
        public bool DocumentInBuffer;
        public int DocumentStart;
        /// <summary>-1 when a string-encoded document did not fit the document buffer.</summary>
        public int DocumentLength;

        public bool HasState;
        public JobExecutionStatus StateStatus;
        public long StateVersion = -1;

        public bool Parse(JsonReader r, byte[] payload, int offset, int count, byte[] documentBuffer)
        {
            HasToken = false;
            Code = JobsErrorCode.None;
            HasExecution = false;
            JobIdLength = 0;
            Status = JobExecutionStatus.Unknown;
            VersionNumber = -1;
            HasDocument = false;
            DocumentInBuffer = false;
            DocumentLength = 0;
            HasState = false;
            StateStatus = JobExecutionStatus.Unknown;
            StateVersion = -1;

            r.Reset(payload, offset, count);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!ReadMember(r, _replyFields, Reply, payload, documentBuffer))
                {
                    return false;
                }
            }
            if (r.TokenType != JsonTokenType.EndObject || r.Depth != 0)
            {
                return false;
            }
            r.Read();
            return r.TokenType == JsonTokenType.EndOfDocument;
        }

        // The members read at each level; anything else is skipped.
        private const int Reply = 0, Execution = 1, State = 2;
        private const int TokenMember = 0, CodeMember = 1, ExecutionMember = 2;
        private const int JobIdMember = 0, StatusMember = 1, VersionMember = 2;
        private const int StateStatusMember = 0;
        private readonly JsonFieldTable _replyFields = new JsonFieldTable(new string[] { "clientToken", "code", "execution", "executionState" });
        private readonly JsonFieldTable _executionFields = new JsonFieldTable(new string[] { "jobId", "status", "versionNumber", "jobDocument" });
        private readonly JsonFieldTable _stateFields = new JsonFieldTable(new string[] { "status", "versionNumber" });

        /// <summary>One member of an object at <paramref name="level"/>, the reader on its name; false when the payload is broken.</summary>
        private bool ReadMember(JsonReader r, JsonFieldTable fields, int level, byte[] payload, byte[] documentBuffer)
        {
            int field = fields.Find(r);
            if (field < 0)
            {
                return r.Skip();
            }
            if (!r.Read())
            {
                return false;
            }
            switch (level)
            {
                case Reply: return ReadReplyMember(field, r, payload, documentBuffer);
                case Execution: return ReadExecutionMember(field, r, payload, documentBuffer);
                default: return ReadStateMember(field, r);
            }
        }

        private bool ReadReplyMember(int field, JsonReader r, byte[] payload, byte[] documentBuffer)
        {
            switch (field)
            {
                case TokenMember:
                    if (r.TokenType != JsonTokenType.String)
                    {
                        return r.Skip();
                    }
                    HasToken = true;
                    TokenStart = r.TokenStart;
                    TokenLength = r.TokenLength;
                    return true;
                case CodeMember:
                    Code = ParseCode(r);
                    return r.Skip();
                case ExecutionMember:
                    return r.TokenType == JsonTokenType.StartObject ? ParseExecution(r, payload, documentBuffer) : r.Skip();
                default:
                    return r.TokenType == JsonTokenType.StartObject ? ParseState(r) : r.Skip();
            }
        }

        private bool ReadExecutionMember(int field, JsonReader r, byte[] payload, byte[] documentBuffer)
        {
            switch (field)
            {
                case JobIdMember:
                    if (r.TokenType != JsonTokenType.String || !IsJobId(payload, r.TokenStart, r.TokenLength))
                    {
                        return r.Skip();
                    }
                    JobIdStart = r.TokenStart;
                    JobIdLength = r.TokenLength;
                    return true;
                case StatusMember:
                    Status = r.TokenType == JsonTokenType.String ? JobStatusNames.Parse(r) : JobExecutionStatus.Unknown;
                    return r.Skip();
                case VersionMember:
                    VersionNumber = ReadVersion(r);
                    return r.Skip();
                default:
                    return ReadDocument(r, documentBuffer);
            }
        }

        private bool ReadStateMember(int field, JsonReader r)
        {
            if (field == StateStatusMember)
            {
                StateStatus = r.TokenType == JsonTokenType.String ? JobStatusNames.Parse(r) : JobExecutionStatus.Unknown;
            }
            else
            {
                StateVersion = ReadVersion(r);
            }
            return r.Skip();
        }

        private bool ReadDocument(JsonReader r, byte[] documentBuffer)
        {
            int start = r.TokenStart;
            if (r.TokenType == JsonTokenType.StartObject)
            {
                if (!r.Skip())
                {
                    return false;
                }
                HasDocument = true;
                DocumentStart = start;
                DocumentLength = r.TokenStart + 1 - start;
                return true;
            }
            HasDocument = true;
            if (r.TokenType == JsonTokenType.String)
            {
                DocumentInBuffer = true;
                DocumentStart = 0;
                DocumentLength = r.CopyString(documentBuffer, 0, documentBuffer.Length);
                return true;
            }
            // Any other type is kept as a document the validator will reject.
            DocumentStart = start;
            if (!r.Skip())
            {
                return false;
            }
            DocumentLength = r.TokenStart + r.TokenLength - start;
            return true;
        }

        private bool ParseExecution(JsonReader r, byte[] payload, byte[] documentBuffer)
        {
            int depth = r.Depth;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!ReadMember(r, _executionFields, Execution, payload, documentBuffer))
                {
                    return false;
                }
            }
            HasExecution = r.TokenType == JsonTokenType.EndObject && r.Depth == depth - 1;
            return HasExecution;
        }

        private bool ParseState(JsonReader r)
        {
            int depth = r.Depth;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!ReadMember(r, _stateFields, State, null, null))
                {
                    return false;
                }
            }
            HasState = r.TokenType == JsonTokenType.EndObject && r.Depth == depth - 1;
            return HasState;
        }

        /// <summary>A version number sent as a JSON number or a numeric string; -1 when neither.</summary>
        private long ReadVersion(JsonReader r)
        {
            long v;
            if (r.TokenType == JsonTokenType.Number)
            {
                return r.TryGetInt64(out v) && v >= 0 ? v : -1;
            }
            if (r.TokenType != JsonTokenType.String)
            {
                return -1;
            }
            int n = r.CopyString(_number, 0, 18);
            if (n <= 0)
            {
                return -1;
            }
            v = 0;
            for (int i = 0; i < n; i++)
            {
                int d = _number[i] - '0';
                if (d < 0 || d > 9)
                {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v;
        }

        private static JobsErrorCode ParseCode(JsonReader r)
        {
            if (r.TokenType != JsonTokenType.String)
            {
                return JobsErrorCode.Other;
            }
            if (r.ValueEquals("VersionMismatch")) return JobsErrorCode.VersionMismatch;
            if (r.ValueEquals("TerminalStateReached")) return JobsErrorCode.TerminalStateReached;
            if (r.ValueEquals("ResourceNotFound")) return JobsErrorCode.ResourceNotFound;
            if (r.ValueEquals("InvalidStateTransition")) return JobsErrorCode.InvalidStateTransition;
            if (r.ValueEquals("InvalidRequest")) return JobsErrorCode.InvalidRequest;
            if (r.ValueEquals("InvalidJson")) return JobsErrorCode.InvalidJson;
            if (r.ValueEquals("InvalidTopic")) return JobsErrorCode.InvalidTopic;
            if (r.ValueEquals("InternalError")) return JobsErrorCode.InternalError;
            if (r.ValueEquals("RequestThrottled")) return JobsErrorCode.RequestThrottled;
            return JobsErrorCode.Other;
        }

        /// <summary>AWS IoT job ids: [A-Za-z0-9_-], 1..64 (raw bytes: an escaped id is refused).</summary>
        internal static bool IsJobId(byte[] b, int start, int length)
        {
            if (length < 1 || length > 64)
            {
                return false;
            }
            for (int i = start; i < start + length; i++)
            {
                byte c = b[i];
                bool ok = (c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'A' && c <= (byte)'Z') || (c >= (byte)'0' && c <= (byte)'9')
                    || c == (byte)'_' || c == (byte)'-';
                if (!ok)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
