namespace Twin.Actors.Hosting;

/// <summary>
/// The lifecycle of a grain, as in Orleans. The host calls <see cref="OnActivateAsync"/>
/// after the grain's persistent states were read and before its first call, and
/// <see cref="OnDeactivateAsync"/> as the last turn before the activation is dropped — the
/// place to write state. Both run as turns: no call runs at the same time.
/// </summary>
public interface IGrainBase
{
    Task OnActivateAsync(CancellationToken ct) => Task.CompletedTask;

    Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct) => Task.CompletedTask;
}
