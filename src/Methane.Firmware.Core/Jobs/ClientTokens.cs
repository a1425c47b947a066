namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// The clientToken of each jobs request ("j" + a counter, as a JSON string) and the check that a reply carries the token
    /// of the request in flight. The counter continues from the wall clock after a connect, so a reply meant for an earlier
    /// boot can never match.
    /// </summary>
    internal sealed class ClientTokens
    {
        private readonly byte[] _token = new byte[24];
        private long _counter;
        private int _length;

        /// <summary>The current token as a JSON string value (with quotes).</summary>
        public byte[] Json { get { return _token; } }
        public int JsonLength { get { return _length; } }

        /// <summary>Moves the counter up to <paramref name="epochMilliseconds"/> if it is below.</summary>
        public void ContinueFrom(long epochMilliseconds)
        {
            if (_counter < epochMilliseconds) _counter = epochMilliseconds;
        }

        public void Next()
        {
            _counter++;
            _token[0] = (byte)'"';
            _token[1] = (byte)'j';
            int end = Methane.Firmware.Core.Text.NumberFormatter.WriteInt64(_counter, _token, 2, _token.Length - 1);
            _token[end] = (byte)'"';
            _length = end + 1;
        }

        /// <summary>True when payload[start, start + length) is the current token's text (without quotes).</summary>
        public bool IsCurrent(byte[] payload, int start, int length)
        {
            if (length != _length - 2) return false;
            for (int i = 0; i < length; i++)
            {
                if (payload[start + i] != _token[i + 1]) return false;
            }
            return true;
        }
    }
}
