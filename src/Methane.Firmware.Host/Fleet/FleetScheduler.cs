using System.Collections.Concurrent;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// Runs every device's main loop on a few threads instead of one per device. Each device belongs to one tick thread, which
/// keeps its devices in a queue ordered by when they are next due and ticks a device only when it is (its sample time, a
/// pending PUBACK, a connect retry, or at least once a second). A tick that may open a connection blocks for a TLS handshake
/// and nine SUBSCRIBEs, so it is handed to a small pool of connect threads and the device comes back to its tick thread
/// afterwards; at most one thread ticks a device at any moment. Devices start at the times given (the ramp), not all at once.
/// </summary>
public sealed class FleetScheduler : IDisposable
{
    private readonly FleetDevice[] _devices;
    private readonly TickThread[] _tickThreads;
    private readonly Thread[] _connectThreads;
    private readonly BlockingCollection<FleetDevice> _connectQueue = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _sampling = true;
    private long _ticks;
    private long _connectTicks;
    private long _tickErrors;
    private string _lastTickError = "";

    /// <param name="startAtMs">Per device, the real ms (<see cref="FleetDeviceClock.RealMilliseconds"/>) of its first tick.</param>
    public FleetScheduler(FleetDevice[] devices, long[] startAtMs, int tickThreads, int connectThreads)
    {
        if (devices.Length != startAtMs.Length) throw new ArgumentException("one start time per device");
        _devices = devices;
        _tickThreads = new TickThread[Math.Max(1, tickThreads)];
        for (int t = 0; t < _tickThreads.Length; t++) _tickThreads[t] = new TickThread(this, t);
        for (int i = 0; i < devices.Length; i++)
        {
            FleetDevice d = devices[i];
            d.HomeThread = i % _tickThreads.Length;
            d.DueAtMs = startAtMs[i];
            _tickThreads[d.HomeThread].Add(d);
        }
        _connectThreads = new Thread[Math.Max(1, connectThreads)];
        for (int c = 0; c < _connectThreads.Length; c++)
        {
            _connectThreads[c] = new Thread(ConnectLoop) { IsBackground = true, Name = "fleet-connect-" + c };
        }
    }

    public long Ticks => Interlocked.Read(ref _ticks);
    public long ConnectTicks => Interlocked.Read(ref _connectTicks);
    public long TickErrors => Interlocked.Read(ref _tickErrors);
    public string LastTickError => Volatile.Read(ref _lastTickError);

    /// <summary>Devices waiting for a connect thread.</summary>
    public int ConnectBacklog => _connectQueue.Count;

    public int TickThreadCount => _tickThreads.Length;
    public int ConnectThreadCount => _connectThreads.Length;

    public void Start()
    {
        foreach (TickThread t in _tickThreads) t.Start();
        foreach (Thread t in _connectThreads) t.Start();
    }

    /// <summary>From now on devices take no more samples; their sessions keep running to deliver what is queued.</summary>
    public void StopSampling() => _sampling = false;

    /// <summary>Stops every thread (a device mid-connect finishes that tick first).</summary>
    public void Stop()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _connectQueue.CompleteAdding();
        foreach (TickThread t in _tickThreads) t.Join();
        foreach (Thread t in _connectThreads) t.Join();
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
        _connectQueue.Dispose();
    }

    private void TickDevice(FleetDevice d)
    {
        bool sampling = _sampling;
        try
        {
            d.Tick(sampling);
        }
        catch (Exception e)
        {
            // The core does not throw in normal operation; count it and keep the other devices running.
            Interlocked.Increment(ref _tickErrors);
            Volatile.Write(ref _lastTickError, d.Thing + ": " + e.GetType().Name + ": " + e.Message);
        }
        Interlocked.Increment(ref _ticks);
        d.DueAtMs = FleetDeviceClock.RealMilliseconds + d.MillisecondsUntilNextTick(sampling);
    }

    private void ConnectLoop()
    {
        try
        {
            foreach (FleetDevice d in _connectQueue.GetConsumingEnumerable(_stop.Token))
            {
                TickDevice(d);
                Interlocked.Increment(ref _connectTicks);
                _tickThreads[d.HomeThread].Return(d);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class TickThread
    {
        private readonly FleetScheduler _owner;
        private readonly PriorityQueue<FleetDevice, long> _queue = new();
        private readonly ConcurrentQueue<FleetDevice> _returned = new();
        private readonly AutoResetEvent _wake = new(false);
        private readonly Thread _thread;

        public TickThread(FleetScheduler owner, int index)
        {
            _owner = owner;
            _thread = new Thread(Run) { IsBackground = true, Name = "fleet-tick-" + index };
        }

        public void Add(FleetDevice d) => _queue.Enqueue(d, d.DueAtMs);

        public void Start() => _thread.Start();

        public void Join()
        {
            _wake.Set();
            _thread.Join();
        }

        /// <summary>A device coming back from a connect thread (called from that thread).</summary>
        public void Return(FleetDevice d)
        {
            _returned.Enqueue(d);
            _wake.Set();
        }

        private void Run()
        {
            CancellationToken stop = _owner._stop.Token;
            while (!stop.IsCancellationRequested)
            {
                while (_returned.TryDequeue(out FleetDevice? back)) _queue.Enqueue(back, back.DueAtMs);
                long now = FleetDeviceClock.RealMilliseconds;
                int done = 0;
                while (_queue.TryPeek(out FleetDevice? d, out long due) && due <= now && !stop.IsCancellationRequested)
                {
                    _queue.Dequeue();
                    if (d.MayConnectOnNextTick)
                    {
                        try
                        {
                            _owner._connectQueue.Add(d, stop);
                        }
                        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
                        {
                            return;
                        }
                        continue;
                    }
                    _owner.TickDevice(d);
                    _queue.Enqueue(d, d.DueAtMs);
                    if (++done % 64 == 0) now = FleetDeviceClock.RealMilliseconds;
                }
                long wait = _queue.TryPeek(out _, out long next) ? next - FleetDeviceClock.RealMilliseconds : 50;
                if (wait > 0) _wake.WaitOne((int)Math.Min(wait, 50));
            }
        }
    }
}
