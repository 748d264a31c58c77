/**
 * The device's position for the field view (browser geolocation, watched while the
 * view is open). When the browser has no position (denied, indoors, no GPS) the view
 * falls back to a district; `status` says which.
 */
import { onScopeDispose, shallowRef } from 'vue';

export type PositionStatus = 'locating' | 'located' | 'unavailable';

/** @example const { position, accuracyM, status } = useDevicePosition(); */
export function useDevicePosition() {
  const position = shallowRef<[number, number] | null>(null);
  const accuracyM = shallowRef<number | null>(null);
  const status = shallowRef<PositionStatus>('locating');
  let watchId: number | null = null;

  function start() {
    if (!('geolocation' in navigator)) {
      status.value = 'unavailable';
      return;
    }
    status.value = position.value ? 'located' : 'locating';
    watchId = navigator.geolocation.watchPosition(
      (fix) => {
        position.value = [fix.coords.longitude, fix.coords.latitude];
        accuracyM.value = fix.coords.accuracy;
        status.value = 'located';
      },
      () => {
        if (!position.value) status.value = 'unavailable';
      },
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 15_000 },
    );
  }

  /** Asks again (the officer tapped "centre on me" after allowing location). */
  function retry() {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    start();
  }

  start();
  onScopeDispose(() => {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  });
  return { position, accuracyM, status, retry };
}
