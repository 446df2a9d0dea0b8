#!/usr/bin/env bash
# Attaches the shop's EBS data volume to this instance and mounts it; safe to run again.
#
# 1. Reads the instance id and region from the instance metadata (IMDSv2).
# 2. Waits (bounded) until the volume is available: when the instance is replaced, the old one
#    holds the volume until it has terminated. Attaches it as DEVICE_NAME.
# 3. Waits for its NVMe device, /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_<vol id without ->.
# 4. Creates an XFS file system ONLY when blkid finds none on it: an existing one (of any type) is
#    never reformatted, and a blkid error stops the script rather than risk it.
# 5. Mounts it through an /etc/fstab entry (by UUID, nofail) and creates the data folders.
#
# Environment (default in brackets):
#   DATA_VOLUME_ID          the EBS volume id, vol-...                        [required]
#   MOUNT_POINT             where it is mounted                               [/data]
#   DEVICE_NAME             the device name it is attached as                 [/dev/sdf]
#   DATA_DIRECTORIES        folders created on it                             [postgres redis uploads]
#   UPLOADS_OWNER           owner of the uploads folder (the node user of the app images) [1000:1000]
#   ATTACH_TIMEOUT_SECONDS  how long to wait for the volume to be available   [900]
#   DEVICE_TIMEOUT_SECONDS  how long to wait for its device                   [300]
#   POLL_SECONDS            between checks                                    [5]
#   IMDS_ENDPOINT           the instance metadata service                     [http://169.254.169.254]
#   DISK_BY_ID_DIR          where udev links disks by id                      [/dev/disk/by-id]
#   FSTAB                   the fstab file                                    [/etc/fstab]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=shop-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/shop-common.sh"

: "${DATA_VOLUME_ID:?DATA_VOLUME_ID must name the data volume (vol-...)}"
MOUNT_POINT=${MOUNT_POINT:-/data}
DEVICE_NAME=${DEVICE_NAME:-/dev/sdf}
DATA_DIRECTORIES=${DATA_DIRECTORIES:-postgres redis uploads}
UPLOADS_OWNER=${UPLOADS_OWNER:-1000:1000}
ATTACH_TIMEOUT_SECONDS=${ATTACH_TIMEOUT_SECONDS:-900}
DEVICE_TIMEOUT_SECONDS=${DEVICE_TIMEOUT_SECONDS:-300}
POLL_SECONDS=${POLL_SECONDS:-5}
DISK_BY_ID_DIR=${DISK_BY_ID_DIR:-/dev/disk/by-id}
FSTAB=${FSTAB:-/etc/fstab}

if [[ ! "$DATA_VOLUME_ID" =~ ^vol-[0-9a-f]+$ ]]; then
  fail "DATA_VOLUME_ID '$DATA_VOLUME_ID' is not a volume id (vol-...)"
fi

# 1. Who and where we are (IMDSv2: a session token first).
imds_session
instance_id=$(imds instance-id)
export AWS_REGION AWS_DEFAULT_REGION
AWS_REGION=$(imds placement/region)
AWS_DEFAULT_REGION=$AWS_REGION
log "instance $instance_id in $AWS_REGION, volume $DATA_VOLUME_ID"

# 2. Attach once the volume is free.
deadline=$((SECONDS + ATTACH_TIMEOUT_SECONDS))
while :; do
  if ! volume=$(aws ec2 describe-volumes --volume-ids "$DATA_VOLUME_ID" \
    --query 'Volumes[0].[State, Attachments[0].InstanceId]' --output text); then
    volume="unknown unknown"
  fi
  read -r state attached_to <<< "$volume"
  if [ "$attached_to" = "$instance_id" ]; then
    log "already attached to this instance"
    break
  fi
  if [ "$state" = available ]; then
    if aws ec2 attach-volume --volume-id "$DATA_VOLUME_ID" --instance-id "$instance_id" \
      --device "$DEVICE_NAME" > /dev/null; then
      log "attached as $DEVICE_NAME"
      break
    fi
    log "attach-volume failed; retrying"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    fail "volume $DATA_VOLUME_ID is still $state (attached to $attached_to) after ${ATTACH_TIMEOUT_SECONDS}s"
  fi
  log "waiting: the volume is $state, attached to $attached_to"
  sleep "$POLL_SECONDS"
done

# 3. Its device: NVMe on Nitro instances (every Graviton), the requested name elsewhere.
by_id="$DISK_BY_ID_DIR/nvme-Amazon_Elastic_Block_Store_${DATA_VOLUME_ID//-/}"
deadline=$((SECONDS + DEVICE_TIMEOUT_SECONDS))
device=""
while [ -z "$device" ]; do
  for candidate in "$by_id" "$DEVICE_NAME" "${DEVICE_NAME/\/sd//xvd}"; do
    if [ -e "$candidate" ]; then
      device=$(readlink -f "$candidate")
      break
    fi
  done
  if [ -z "$device" ]; then
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "no device for $DATA_VOLUME_ID after ${DEVICE_TIMEOUT_SECONDS}s (looked for $by_id and $DEVICE_NAME)"
    fi
    sleep "$POLL_SECONDS"
  fi
done
log "device $device"

# 4. A file system only where there is none. blkid exits 2 when it finds nothing.
rc=0
fstype=$(blkid -p -o value -s TYPE "$device") || rc=$?
if [ "$rc" -eq 0 ] && [ -n "$fstype" ]; then
  log "keeping the existing $fstype file system"
elif [ "$rc" -eq 2 ]; then
  log "no file system on $device: creating XFS"
  mkfs.xfs -q -L shop-data "$device"
  fstype=xfs
else
  fail "blkid could not probe $device (exit $rc): refusing to format it"
fi
uuid=$(blkid -p -o value -s UUID "$device")
if [ -z "$uuid" ]; then
  fail "the file system on $device has no UUID"
fi

# 5. fstab (by UUID, nofail: the instance still boots without the volume) and mount.
entry="UUID=$uuid $MOUNT_POINT $fstype defaults,nofail,noatime 0 2"
if ! grep -qxF "$entry" "$FSTAB"; then
  updated=$(mktemp)
  awk -v mount_point="$MOUNT_POINT" '$2 != mount_point' "$FSTAB" > "$updated"
  echo "$entry" >> "$updated"
  cat "$updated" > "$FSTAB"
  rm -f "$updated"
  log "fstab: $entry"
  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
fi
mkdir -p "$MOUNT_POINT"
if mountpoint -q "$MOUNT_POINT"; then
  log "$MOUNT_POINT is already mounted"
else
  mount -t "$fstype" -o defaults,noatime "UUID=$uuid" "$MOUNT_POINT"
  log "mounted on $MOUNT_POINT"
fi

read -r -a directories <<< "$DATA_DIRECTORIES"
for directory in "${directories[@]}"; do
  mkdir -p "$MOUNT_POINT/$directory"
done
if [ -d "$MOUNT_POINT/uploads" ]; then chown "$UPLOADS_OWNER" "$MOUNT_POINT/uploads"; fi
log "ready: $MOUNT_POINT (${directories[*]})"
