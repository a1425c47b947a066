namespace Methane.Cloud.Pipeline;

/// <summary>What the pipeline is doing; every change is logged with its reason.</summary>
public enum PipelineState
{
    Connecting,
    Connected,
    /// <summary>The broker connection dropped; reconnecting with backoff. The broker queues messages for the session meanwhile.</summary>
    Reconnecting,
    /// <summary>The store or the archive refused a write (disk full…): nothing more is acknowledged until a retry succeeds.</summary>
    StoreFailed,
    /// <summary>Stopping: storing and acknowledging what was received, then disconnecting with the session kept.</summary>
    Draining,
    Stopped,
}
