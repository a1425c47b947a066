using Methane.Cloud.Pipeline;

namespace Methane.Dashboard.Data;

/// <summary>
/// The store the dashboard reads. The demo hands over the pipeline's own store while it runs (DuckDB allows one writer per
/// file, and the pipeline's connection serializes queries with writes), then the reopened file after the pipeline closed it.
/// </summary>
public sealed class StoreSource
{
    private volatile DuckDbStore? _current;

    public StoreSource(DuckDbStore? store = null) => _current = store;

    public DuckDbStore? Current => _current;

    public void Use(DuckDbStore? store) => _current = store;
}
