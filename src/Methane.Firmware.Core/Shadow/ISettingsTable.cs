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

        /// <summary>Called only with a value already checked against the range (and integrality).</summary>
        void SetAt(int index, double value);
    }
}
