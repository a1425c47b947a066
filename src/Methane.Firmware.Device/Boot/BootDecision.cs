namespace Methane.Firmware.Device.Boot
{
    /// <summary>
    /// The loader's choice of slot, made before anything is loaded and persisted before the slot runs, so a power cut or a
    /// hang at any point is counted: a pending slot that never confirms is abandoned after <see cref="BootState.MaxAttempts"/>
    /// boots and the confirmed slot comes back. The application confirms through <see cref="Confirm"/> once it has connected
    /// and published (the core's OTA state machine decides when).
    /// </summary>
    public static class BootDecision
    {
        /// <summary>Mutates <paramref name="state"/> for this boot and returns the slot to load.</summary>
        public static string ChooseSlot(BootState state)
        {
            if (state.Pending.Length == 0)
            {
                state.Attempts = 0;
                return state.Active;
            }

            if (state.Attempts >= state.MaxAttempts)
            {
                state.LastEvent = "rolled-back:" + state.Pending;
                state.Pending = string.Empty;
                state.Attempts = 0;
                return state.Active;
            }

            state.Attempts++;
            state.LastEvent = "trying:" + state.Pending;
            return state.Pending;
        }

        /// <summary>The running slot loaded but failed to start: give up on it now rather than after MaxAttempts reboots.</summary>
        public static void LoadFailed(BootState state, string slot)
        {
            if (slot == state.Pending)
            {
                state.Pending = string.Empty;
                state.Attempts = 0;
            }

            state.LastEvent = "load-failed:" + slot;
        }

        /// <summary>The running slot proved itself: it becomes the active one. Returns false when there was nothing to confirm.</summary>
        public static bool Confirm(BootState state, string runningSlot)
        {
            if (state.Pending.Length == 0 || runningSlot != state.Pending)
            {
                return false;
            }

            state.Active = state.Pending;
            state.Pending = string.Empty;
            state.Attempts = 0;
            state.LastEvent = "confirmed:" + runningSlot;
            return true;
        }

        /// <summary>A new image was staged into the inactive slot: try it from the next boot.</summary>
        public static void Stage(BootState state)
        {
            state.Pending = BootState.OtherSlot(state.Active);
            state.Attempts = 0;
            state.LastEvent = "staged:" + state.Pending;
        }
    }
}
