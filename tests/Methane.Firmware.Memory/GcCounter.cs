using System;

namespace Methane.Firmware.Memory
{
    /// <summary>
    /// Counts garbage collections on any runtime: a weakly held object dies in a collection, so <see cref="Poll"/> seeing it
    /// dead means at least one collection ran since the last poll (several between two polls count as one: poll often).
    /// Allocates one small object per collection seen, never otherwise.
    /// </summary>
    public sealed class GcCounter
    {
        private WeakReference _sentinel = new WeakReference(new object());

        public long Collections { get; private set; }

        public void Poll()
        {
            if (_sentinel.IsAlive) { return; }
            Collections++;
            Rearm();
        }

        /// <summary>After a collection forced on purpose: start again without counting it.</summary>
        public void Rearm()
        {
            _sentinel = new WeakReference(new object());
        }
    }
}
