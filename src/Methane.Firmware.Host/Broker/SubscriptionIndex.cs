using MQTTnet.Protocol;

namespace Methane.Firmware.Host.Broker;

/// <summary>
/// Subscriptions by topic level (a tree, as Mosquitto keeps them), so finding a publish's subscribers costs the depth of
/// the topic, not the number of sessions. MQTTnet.Server checks every subscriber session for every publish (copying
/// their list each time): with 10,000 devices holding nine subscriptions each that is what stalled the embedded broker.
/// </summary>
public sealed class SubscriptionIndex
{
    private sealed class Node
    {
        public readonly Dictionary<string, Node> Children = new(StringComparer.Ordinal);
        public readonly Dictionary<string, MqttQualityOfServiceLevel> Subscribers = new(StringComparer.Ordinal);
    }

    private readonly Node _root = new();
    private readonly Dictionary<string, HashSet<string>> _filtersByClient = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _lock = new();

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                int n = 0;
                foreach (HashSet<string> f in _filtersByClient.Values) n += f.Count;
                return n;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Add(string clientId, string filter, MqttQualityOfServiceLevel qos)
    {
        _lock.EnterWriteLock();
        try
        {
            Node node = _root;
            foreach (string level in filter.Split('/'))
            {
                if (!node.Children.TryGetValue(level, out Node? child)) node.Children[level] = child = new Node();
                node = child;
            }
            node.Subscribers[clientId] = qos;
            if (!_filtersByClient.TryGetValue(clientId, out HashSet<string>? filters)) _filtersByClient[clientId] = filters = new HashSet<string>(StringComparer.Ordinal);
            filters.Add(filter);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(string clientId, string filter)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(clientId, filter);
            if (_filtersByClient.TryGetValue(clientId, out HashSet<string>? filters))
            {
                filters.Remove(filter);
                if (filters.Count == 0) _filtersByClient.Remove(clientId);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Forgets every subscription of a session that ended.</summary>
    public void RemoveClient(string clientId)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_filtersByClient.Remove(clientId, out HashSet<string>? filters)) return;
            foreach (string filter in filters) RemoveLocked(clientId, filter);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Adds each subscriber of <paramref name="topic"/> once, with the highest QoS among its matching filters.</summary>
    public void Match(string topic, Dictionary<string, MqttQualityOfServiceLevel> result)
    {
        string[] levels = topic.Split('/');
        bool system = topic.StartsWith('$');
        _lock.EnterReadLock();
        try
        {
            Walk(_root, levels, 0, system, result);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private static void Walk(Node node, string[] levels, int depth, bool system, Dictionary<string, MqttQualityOfServiceLevel> result)
    {
        // MQTT 3.1.1 §4.7.2: a first-level wildcard never matches a topic that starts with '$'.
        bool wildcards = !(system && depth == 0);
        if (wildcards && node.Children.TryGetValue("#", out Node? rest)) Collect(rest, result); // also matches the parent level
        if (depth == levels.Length)
        {
            Collect(node, result);
            return;
        }
        if (node.Children.TryGetValue(levels[depth], out Node? exact)) Walk(exact, levels, depth + 1, system, result);
        if (wildcards && node.Children.TryGetValue("+", out Node? any)) Walk(any, levels, depth + 1, system, result);
    }

    private static void Collect(Node node, Dictionary<string, MqttQualityOfServiceLevel> result)
    {
        foreach (KeyValuePair<string, MqttQualityOfServiceLevel> s in node.Subscribers)
        {
            if (!result.TryGetValue(s.Key, out MqttQualityOfServiceLevel had) || had < s.Value) result[s.Key] = s.Value;
        }
    }

    private void RemoveLocked(string clientId, string filter)
    {
        var path = new List<(Node Parent, string Level)>();
        Node node = _root;
        foreach (string level in filter.Split('/'))
        {
            if (!node.Children.TryGetValue(level, out Node? child)) return;
            path.Add((node, level));
            node = child;
        }
        node.Subscribers.Remove(clientId);
        for (int i = path.Count - 1; i >= 0; i--)
        {
            Node child = path[i].Parent.Children[path[i].Level];
            if (child.Subscribers.Count > 0 || child.Children.Count > 0) break;
            path[i].Parent.Children.Remove(path[i].Level);
        }
    }
}
