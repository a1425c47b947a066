namespace Methane.Firmware.Core.Shadow
{
    /// <summary>
    /// The device settings that the shadow may change, as a table of named numbers with their allowed ranges. Keeps the shadow
    /// independent of the config classes: the application implements it over its real configuration.
    /// Names are the shadow's JSON keys (ASCII, snake_case). Indexes are 0..Count-1 and stable.
    /// </summary>
    public interface ISettingsTable
    {
        int Count { get; }

        string NameAt(int index);

        /// <summary>Inclusive lower bound.</summary>
        double MinAt(int index);

        /// <summary>Inclusive upper bound.</summary>
        double MaxAt(int index);

        /// <summary>True when only whole numbers are allowed (intervals, window lengths).</summary>
        bool IsIntegerAt(int index);

        /// <summary>Fraction digits used when the value is reported (ignored for integer settings).</summary>
        int DecimalsAt(int index);

        double GetAt(int index);

        /// <summary>
        /// Stores a value already checked against its own range (and integrality). Rules that tie settings together are not
        /// checked here: a delta may change several at once, so they are checked once, by <see cref="ValidateAll"/>.
        /// </summary>
        void SetAt(int index, double value);

        /// <summary>Null when the settings as a whole are consistent; else the reason, naming the field, value and expectation.</summary>
        string ValidateAll();
    }
}
