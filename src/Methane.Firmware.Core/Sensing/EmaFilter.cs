namespace Methane.Firmware.Core.Sensing
{
    /// <summary>Exponential moving average: y += α·(x − y); the first sample initialises y.</summary>
    public sealed class EmaFilter
    {
        public EmaFilter(double alpha)
        {
            Alpha = alpha;
        }

        /// <summary>Weight of the newest sample, 0 &lt; α ≤ 1.</summary>
        public double Alpha { get; set; }
        public bool HasValue { get; private set; }
        public double Value { get; private set; }

        public double Add(double x)
        {
            if (!HasValue)
            {
                Value = x;
                HasValue = true;
            }
            else
            {
                Value += Alpha * (x - Value);
            }
            return Value;
        }

        public void Reset()
        {
            HasValue = false;
            Value = 0;
        }
    }
}
