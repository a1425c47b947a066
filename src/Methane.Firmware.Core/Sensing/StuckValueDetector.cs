namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// A live ADC always dithers in its last bits; the same raw code N times in a row means a stuck converter or a
    /// disconnected input. Counts the run of identical raw values.
    /// </summary>
    public sealed class StuckValueDetector
    {
        private bool _hasLast;
        private int _last;
        private int _run;

        public StuckValueDetector(int sampleCount)
        {
            SampleCount = sampleCount;
        }

        /// <summary>Identical values in a row that count as stuck; 0 disables the detector.</summary>
        public int SampleCount { get; set; }

        /// <summary>Length of the current run of identical values.</summary>
        public int Run { get { return _run; } }

        /// <summary>Adds a raw value; true when it completes (or extends) a run of SampleCount identical values.</summary>
        public bool Add(int raw)
        {
            if (_hasLast && raw == _last)
            {
                if (_run < int.MaxValue) { _run++; }
            }
            else
            {
                _last = raw;
                _hasLast = true;
                _run = 1;
            }
            return SampleCount > 0 && _run >= SampleCount;
        }

        public void Reset()
        {
            _hasLast = false;
            _run = 0;
        }
    }
}
