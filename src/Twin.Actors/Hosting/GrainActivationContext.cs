using System.Text.Json;
using Twin.Actors.Hosting.Internal;
using Twin.Storage;

namespace Twin.Actors.Hosting;

/// <summary>
/// What a grain factory gets for one activation: the key, services, and persistent states.
/// States asked for here are read by the host before <see cref="IGrainBase.OnActivateAsync"/>,
/// like Orleans' <c>[PersistentState]</c> constructor parameters.
/// </summary>
public sealed class GrainActivationContext
{
    private readonly IGrainStateStore? _store;
    private readonly string _grainType;
    private readonly JsonSerializerOptions _json;
    private List<IPersistentStateLoader>? _states;

    internal GrainActivationContext(string key, string grainType, IGrainStateStore? store, IServiceProvider services, JsonSerializerOptions json)
    {
        Key = key;
        _grainType = grainType;
        _store = store;
        Services = services;
        _json = json;
    }

    /// <summary>The grain's key, e.g. the cell id.</summary>
    public string Key { get; }

    public IServiceProvider Services { get; }

    /// <summary>
    /// A state stored as grain type "<c>{GrainType}/{stateName}</c>" under this key; read
    /// before activation.
    /// </summary>
    public IPersistentState<TState> GetPersistentState<TState>(string stateName = "state") where TState : class, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateName);
        if (_store is null)
            throw new InvalidOperationException("This grain host has no IGrainStateStore; pass one to GrainHost to use persistent state.");
        var state = new PersistentState<TState>(_store, $"{_grainType}/{stateName}", Key, _json);
        (_states ??= []).Add(state);
        return state;
    }

    internal async Task ReadStatesAsync(CancellationToken ct)
    {
        if (_states is null)
            return;
        foreach (var state in _states)
            await state.ReadStateAsync(ct).ConfigureAwait(false);
    }
}
