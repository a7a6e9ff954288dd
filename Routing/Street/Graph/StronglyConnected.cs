namespace Mobility.Routing.Street.Graph;

/// <summary>Tarjan's strongly connected components, iterative (no recursion depth limit on long roads).</summary>
internal static class StronglyConnected
{

    /// <summary>A component below this size is an island unless it is the largest one.</summary>
    public const int MinMainNodes = 50;

    /// <summary>
    /// Marks the nodes of the main network: every strongly connected component with at least
    /// <paramref name="share"/> of the largest one's nodes and at least <see cref="MinMainNodes"/>. Smaller components are islands (parking aisles, private
    /// estates, clipped fragments); an extract covering two separate areas keeps both.
    /// </summary>
    public static bool[] MainComponents(int n, int[] firstOut, int[] head, double share, out int[] component)
    {
        var index = new int[n];
        var low = new int[n];
        component = new int[n];
        var onStack = new bool[n];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var callNode = new Stack<int>();
        var callEdge = new Stack<int>();
        var counter = 0;
        var components = 0;
        var sizes = new List<int>();
        for (var root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            Visit(root);
            while (callNode.Count > 0)
            {
                var v = callNode.Peek();
                var e = callEdge.Pop();
                if (e < firstOut[v + 1])
                {
                    callEdge.Push(e + 1);
                    var w = head[e];
                    if (index[w] < 0)
                    {
                        Visit(w);
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }

                    continue;
                }

                callNode.Pop();
                if (callNode.Count > 0)
                {
                    var parent = callNode.Peek();
                    low[parent] = Math.Min(low[parent], low[v]);
                }

                if (low[v] == index[v])
                {
                    var size = 0;
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component[w] = components;
                        size++;
                    }
                    while (w != v);
                    sizes.Add(size);
                    components++;
                }
            }
        }

        var largestSize = sizes.Count == 0 ? 0 : sizes.Max();
        var threshold = Math.Max(Math.Max(2, (int)Math.Ceiling(largestSize * share)), Math.Min(largestSize, MinMainNodes));
        var inMain = new bool[n];
        for (var v = 0; v < n; v++)
        {
            inMain[v] = sizes[component[v]] >= threshold;
        }

        return inMain;

        void Visit(int v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack[v] = true;
            callNode.Push(v);
            callEdge.Push(firstOut[v]);
        }
    }
}
