namespace Twin.Api.Models;

public static class ModelsServiceCollectionExtensions
{
    /// <summary>The serving model (loaded at start), the registry's versions, promotion with its per-silo watcher, retraining jobs and their trigger.</summary>
    public static IServiceCollection AddTwinModels(this IServiceCollection services)
    {
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section);
        services.AddSingleton<ServingModel>();
        services.AddSingleton<Twin.Ml.Prediction.IDesignModelSource>(sp => sp.GetRequiredService<ServingModel>());
        services.AddSingleton<ModelVersions>();
        services.AddSingleton<ModelPromotion>();
        services.AddHostedService<ServingModelWatcher>();
        services.AddSingleton<RetrainJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<RetrainJobs>());
        services.AddHostedService<RetrainTrigger>();
        return services;
    }
}
