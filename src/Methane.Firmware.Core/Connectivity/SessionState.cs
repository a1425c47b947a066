namespace Methane.Firmware.Core.Connectivity
{
    public enum SessionState
    {
        /// <summary>No CONNECT before the wall clock is set: TLS needs it to check certificate validity.</summary>
        WaitingForClock = 0,
        /// <summary>A CONNECT may be sent as soon as the per-client-id rate limit allows.</summary>
        Connecting = 1,
        /// <summary>Connected and subscribed; the outbox is being drained.</summary>
        Online = 2,
        /// <summary>Waiting out a jittered exponential backoff after a failure or a dropped connection.</summary>
        BackingOff = 3,
    }
}
