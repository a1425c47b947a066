using Methane.Firmware.Core.Config;

namespace Methane.Firmware.Core.Sensing
{
    /// <summary>
    /// Alarm level from %LEL with hysteresis and N-consecutive-sample confirmation.
    /// A sample "supports" level L when it is at or above L's threshold, or — while the alarm is already at L or higher —
    /// at or above L's threshold minus the hysteresis. The level rises to the highest L that N consecutive samples
    /// supported, and falls to the lowest level that N consecutive samples did not exceed. Allocation-free.
    /// </summary>
    public sealed class AlarmStateMachine
    {
        private readonly AlarmSettings _settings;
        // Runs of consecutive samples whose supported level was ≥ Low / ≥ High, and ≤ None / ≤ Low.
        private int _atLeastLow;
        private int _atLeastHigh;
        private int _atMostNone;
        private int _atMostLow;

        public AlarmStateMachine(AlarmSettings settings)
        {
            _settings = settings;
            Level = AlarmLevel.None;
        }

        /// <summary>Current <see cref="AlarmLevel"/>.</summary>
        public int Level { get; private set; }

        /// <summary>Feeds one valid %LEL sample and returns the (possibly new) level.</summary>
        public int Update(double lelPct)
        {
            if (double.IsNaN(lelPct))
            {
                Hold();
                return Level;
            }
            int supported = Supported(lelPct);
            _atLeastLow = supported >= AlarmLevel.Low ? _atLeastLow + 1 : 0;
            _atLeastHigh = supported >= AlarmLevel.High ? _atLeastHigh + 1 : 0;
            _atMostNone = supported <= AlarmLevel.None ? _atMostNone + 1 : 0;
            _atMostLow = supported <= AlarmLevel.Low ? _atMostLow + 1 : 0;

            int n = _settings.ConfirmSamples;
            if (Level < AlarmLevel.High && _atLeastHigh >= n) { Level = AlarmLevel.High; }
            else if (Level < AlarmLevel.Low && _atLeastLow >= n) { Level = AlarmLevel.Low; }
            else if (Level > AlarmLevel.None && _atMostNone >= n) { Level = AlarmLevel.None; }
            else if (Level > AlarmLevel.Low && _atMostLow >= n) { Level = AlarmLevel.Low; }
            return Level;
        }

        /// <summary>A sample without a valid value: the level is kept, confirmation runs start again.</summary>
        public void Hold()
        {
            _atLeastLow = 0; _atLeastHigh = 0; _atMostNone = 0; _atMostLow = 0;
        }

        /// <summary>Alarms inhibited (warm-up): level None and all runs cleared.</summary>
        public void Reset()
        {
            Hold();
            Level = AlarmLevel.None;
        }

        private int Supported(double v)
        {
            double low = _settings.LowLelPct;
            double high = _settings.HighLelPct;
            double hyst = _settings.HysteresisLelPct;
            // AtLeast is false for a NaN threshold (settings not validated), as IEEE 754 says, on nanoCLR too.
            if (CoreMath.AtLeast(v, high) || (Level >= AlarmLevel.High && CoreMath.AtLeast(v, high - hyst))) { return AlarmLevel.High; }
            if (CoreMath.AtLeast(v, low) || (Level >= AlarmLevel.Low && CoreMath.AtLeast(v, low - hyst))) { return AlarmLevel.Low; }
            return AlarmLevel.None;
        }
    }
}
