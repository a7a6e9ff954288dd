namespace Mobility.Routing.Street.Contraction;

/// <summary>Adjacency that changes during contraction: per node, growable arrays of out- and in-arcs.</summary>
internal sealed class DynamicGraph
{
    public struct Arc
    {
        public int Node;
        public int Weight;
        public int Id;
    }

    private readonly Arc[][] _out;
    private readonly Arc[][] _in;
    private readonly int[] _outCount;
    private readonly int[] _inCount;

    public DynamicGraph(int n)
    {
        _out = new Arc[n][];
        _in = new Arc[n][];
        _outCount = new int[n];
        _inCount = new int[n];
        for (var i = 0; i < n; i++)
        {
            _out[i] = [];
            _in[i] = [];
        }
    }

    public ReadOnlySpan<Arc> Out(int v) => _out[v].AsSpan(0, _outCount[v]);

    public ReadOnlySpan<Arc> In(int v) => _in[v].AsSpan(0, _inCount[v]);

    /// <summary>Adds u->v or lowers an existing u->v arc; returns false when an arc at least as cheap exists.</summary>
    public bool AddOrImprove(int u, int v, int weight, int id)
    {
        var outs = _out[u].AsSpan(0, _outCount[u]);
        for (var i = 0; i < outs.Length; i++)
        {
            if (outs[i].Node == v)
            {
                if (outs[i].Weight <= weight)
                {
                    return false;
                }

                outs[i].Weight = weight;
                outs[i].Id = id;
                var ins = _in[v].AsSpan(0, _inCount[v]);
                for (var j = 0; j < ins.Length; j++)
                {
                    if (ins[j].Node == u)
                    {
                        ins[j].Weight = weight;
                        ins[j].Id = id;
                    }
                }

                return true;
            }
        }

        Append(ref _out[u], ref _outCount[u], new Arc { Node = v, Weight = weight, Id = id });
        Append(ref _in[v], ref _inCount[v], new Arc { Node = u, Weight = weight, Id = id });
        return true;
    }

    /// <summary>Removes v from the lists of its neighbours (v is being contracted).</summary>
    public void Detach(int v)
    {
        foreach (var a in Out(v))
        {
            Remove(_in[a.Node], ref _inCount[a.Node], v);
        }

        foreach (var a in In(v))
        {
            Remove(_out[a.Node], ref _outCount[a.Node], v);
        }
    }

    /// <summary>Frees v's own lists once its upward arcs have been recorded.</summary>
    public void Clear(int v)
    {
        _out[v] = [];
        _in[v] = [];
        _outCount[v] = 0;
        _inCount[v] = 0;
    }

    private static void Append(ref Arc[] array, ref int count, Arc arc)
    {
        if (count == array.Length)
        {
            Array.Resize(ref array, Math.Max(4, array.Length * 2));
        }

        array[count++] = arc;
    }

    private static void Remove(Arc[] array, ref int count, int node)
    {
        for (var i = 0; i < count; i++)
        {
            if (array[i].Node == node)
            {
                array[i] = array[--count];
                return;
            }
        }
    }
}
