using Microsoft.Extensions.Options;
using Twin.Api.Infrastructure;
using Twin.Ml.Inference;
using Twin.Ml.Models;
using Twin.Ml.Prediction;

namespace Twin.Api.Models;

/// <summary>
/// The design model this silo forecasts with. It starts as the shipped model (loaded while the
/// server starts, so a missing or inconsistent model fails the start with a message naming the
/// setting, never the first request); <see cref="ModelPromotion"/> swaps in the version the
/// registry says serves. Requests lease the model, so one in flight finishes on the model it began with.
/// </summary>
public sealed class ServingModel : IDesignModelSource, IDisposable
{
    readonly ModelHolder<DesignForecaster> _holder;
    readonly string _shippedFolder, _modelName;
    readonly ILogger<ServingModel> _logger;
    volatile ModelCard _card;

    public ServingModel(IOptions<TwinOptions> options, ILogger<ServingModel> logger)
    {
        _logger = logger;
        _modelName = options.Value.ModelName;
        _shippedFolder = options.Value.ResolveModelDirectory();
        var shipped = LoadShipped();
        Shipped = shipped.Card;
        _card = shipped.Card;
        _holder = new ModelHolder<DesignForecaster>(shipped);
        logger.LogInformation("design model {Name} {Version} loaded from {Folder}", _modelName, Shipped.Version, _shippedFolder);
    }

    /// <summary>The card of the model shipped in Twin:ModelDirectory (what serves until a version is promoted).</summary>
    public ModelCard Shipped { get; }

    public ModelCard Card => _card;

    public ModelLease<DesignForecaster> Acquire() => _holder.Acquire();

    /// <summary>A fresh copy of the shipped model (a rollback to it after it was swapped out and disposed).</summary>
    public DesignForecaster LoadShipped() => DesignForecaster.Load(_shippedFolder, _modelName, _logger);

    /// <summary>Serves <paramref name="next"/> from now on; the previous model is disposed when its last lease ends.</summary>
    public void Install(DesignForecaster next)
    {
        _holder.Swap(next);
        _card = next.Card;
    }

    public void Dispose() => _holder.Dispose();
}
